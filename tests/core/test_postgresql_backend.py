"""The PostgreSQL backend parses timestamps with psycopg's compiled loader and reads the
same values Django's own loader does."""

from datetime import UTC, datetime, timedelta, timezone

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

from realdesk.core.postgresql.base import PARSER, TIMESTAMPTZ_OID, CompiledTzLoader

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

INSTANTS = [
    datetime(2026, 12, 7, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the hour Berlin repeats
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 CET
    datetime(2026, 3, 29, 1, 0, 0, 1, tzinfo=UTC),  # Berlin springs forward
    datetime(1970, 1, 1, tzinfo=UTC),
    datetime(2000, 2, 29, 12, tzinfo=timezone(timedelta(hours=5, minutes=30))),
]


def _loader():
    with connection.cursor():  # the connection, opened
        return connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


def test_timestamps_are_parsed_by_psycopg_s_compiled_loader_in_django_s_time_zone():
    loader = _loader()
    assert issubclass(loader, CompiledTzLoader)
    assert issubclass(loader, BaseTzLoader)  # Django's checks of `timezone` still hold
    assert loader.timezone == connection.timezone
    if psycopg.pq.__impl__ in ("binary", "c"):  # what pyproject installs: psycopg[binary]
        assert PARSER.__module__.startswith("psycopg_binary") or "psycopg_c" in PARSER.__module__


@pytest.mark.parametrize("instant", INSTANTS)
def test_the_values_read_are_django_s(instant):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz, %s::timestamptz::text", [instant, instant])
        value, text = cursor.fetchone()
    assert value == instant
    assert value.tzinfo is connection.timezone
    django_s = type("Django", (BaseTzLoader,), {"timezone": connection.timezone})
    assert value == django_s(TIMESTAMPTZ_OID, connection.connection).load(text.encode())
    assert value.utcoffset() == timedelta(0)
