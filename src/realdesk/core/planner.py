"""Query planner settings for the few queries the defaults serve badly."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


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
