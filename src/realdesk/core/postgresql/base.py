"""Django's PostgreSQL backend, reading timestamps with psycopg's compiled loader.

Django registers a timestamptz loader of its own (to give each value the connection's time
zone) derived from psycopg's pure-Python loader, so every datetime read is parsed in
Python even where psycopg's C extension is installed (Django ticket #36960). At a million
tickets the rollup of one day reads some 180,000 of them, and parsing them was a fifth of
its time (docs/performance.md). This loader parses with the loader psycopg itself
registers, compiled where available, and sets the same time zone as Django's: the values
are the same (tests/core/test_postgresql_backend.py).
"""

from functools import lru_cache

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader, get_adapters_template
from psycopg import adapt, adapters
from psycopg.pq import Format

TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid
#: psycopg's own loader of timestamptz text: its C class with psycopg[binary] or [c].
PARSER = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


class CompiledTzLoader(BaseTzLoader):
    """Django's loader (a subclass, so Django's checks of its `timezone` still hold),
    parsing with PARSER."""

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._parse = PARSER(oid, context).load

    def load(self, data):
        value = self._parse(data)
        # In Django's zone already when the session's is, as Django sets it (UTC).
        return value if value.tzinfo is self.timezone else value.replace(tzinfo=self.timezone)


@lru_cache
def adapters_template(timezone):
    """Django's adapters for a connection in `timezone`, with CompiledTzLoader."""
    template = adapt.AdaptersMap(get_adapters_template(settings.USE_TZ, timezone))
    loader = type("TzLoader", (CompiledTzLoader,), {"timezone": timezone})
    template.register_loader("timestamptz", loader)
    return template


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["context"] = adapters_template(self.timezone)
        return params
