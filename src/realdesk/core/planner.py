"""Query planner settings for the few queries the defaults serve badly."""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.expressions import RawSQL


@contextmanager
def jit_off() -> Iterator[None]:
    """Run the block's queries without PostgreSQL's JIT compilation.

    JIT compiles any query whose estimated cost passes `jit_above_cost`; the console's
    live counts (one aggregate over every ticket of the desk, with the SLA clocks' EXISTS)
    pass it at some 100,000 tickets, and compiling then took 400 ms of a 500 ms query
    that runs in 90 ms without it. It never pays back on queries this short, but it may
    on a report's, so it is turned off here rather than for every connection. SET LOCAL
    ends with the transaction, so a pooled connection goes back unchanged. SQLite has no
    JIT: the block just runs."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def statistics_refresh() -> None:
    """Refresh SQLite's planner statistics (PostgreSQL's autovacuum keeps its own).

    SQLite never gathers them by itself: without them it chose the index on
    `merged_into` (null on nearly every ticket) for the inbox views, 1-3 s a page at
    100,000 tickets instead of 15-30 ms. `analysis_limit` samples each index instead of
    reading it whole, so the write lock is held for milliseconds, not seconds."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


def id_list(ids: Iterable[int]) -> RawSQL:
    """Ids for an `__in` lookup as one parameter (a PostgreSQL array, a JSON array on
    SQLite) instead of a placeholder each. Why: the search page filters a thousand ids at a
    time, and Django preparing each value, and psycopg splitting a statement of a thousand
    placeholders, cost more than running the query (some 18 ms of a 50 ms search)."""
    values = [int(value) for value in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [values])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
