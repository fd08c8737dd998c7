"""SQLite's writers of one process take turns in the process (core/sqlite/base.py)."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from realdesk.core.sqlite.base import DatabaseWrapper, WriteTurn

pytestmark = pytest.mark.sqlite


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A file database of its own (the tests' in-memory one locks tables, not the file),
    and a way to open a connection to it per thread."""
    settings = {**connection.settings_dict, "NAME": str(tmp_path / "desk.sqlite3")}
    settings["OPTIONS"] = {**settings["OPTIONS"], "timeout": 2}

    def open_connection() -> DatabaseWrapper:
        return DatabaseWrapper(settings, alias="writers")

    with django_db_blocker.unblock():
        setup = open_connection()
        setup.cursor().execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
        setup.close()
        yield open_connection


def write(database, *, hold: float = 0.0, fail: bool = False) -> tuple[float, float]:
    """One transaction: when it began (had the write lock) and when it ended."""
    db = database()
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    began = time.perf_counter()
    try:
        db.cursor().execute("INSERT INTO note (body) VALUES ('hello')")
        time.sleep(hold)
        if fail:
            db.cursor().execute("INSERT INTO nowhere VALUES (1)")
        db.commit()
    except Exception:
        db.rollback()
        raise
    finally:
        ended = time.perf_counter()
        db.set_autocommit(True)
        db.close()
    return began, ended


def test_the_next_writer_starts_the_moment_the_last_one_commits(database):
    """SQLite's busy handler sleeps 1, 2, 5 ... 100 ms between tries however soon the lock
    comes free: a writer that began waiting 50 ms into a 330 ms write found it free some
    50 ms after it was (chat deliveries of 0.5-0.8 s at the 99th percentile)."""
    first: list[tuple[float, float]] = []
    holder = threading.Thread(target=lambda: first.append(write(database, hold=0.33)))
    holder.start()
    time.sleep(0.05)
    began, _ = write(database)
    holder.join()
    (_, first_ended) = first[0]
    assert began >= first_ended
    assert began - first_ended < 0.025


def test_a_write_outside_a_transaction_takes_its_turn_too(database):
    """A lone INSERT or UPDATE (a rate-limit count per API request) is a transaction of
    SQLite's own: it waited in the busy handler while the others took turns."""
    first: list[tuple[float, float]] = []
    holder = threading.Thread(target=lambda: first.append(write(database, hold=0.33)))
    holder.start()
    time.sleep(0.05)
    db = database()
    db.cursor().execute("INSERT INTO note (body) VALUES ('counted')")
    done = time.perf_counter()
    db.cursor().execute("SELECT count(*) FROM note")  # a read takes no turn
    db.close()
    holder.join()
    (_, first_ended) = first[0]
    assert done >= first_ended
    assert done - first_ended < 0.025


def test_a_failed_or_closed_transaction_gives_up_its_turn(database):
    with pytest.raises(OperationalError):
        write(database, fail=True)
    write(database)  # not waiting for a turn the failed one kept
    db = database()
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    db.cursor().execute("INSERT INTO note (body) VALUES ('left open')")
    db.close()
    began, ended = write(database)
    assert ended - began < 1


def test_a_turn_not_given_up_in_time_is_the_error_sqlite_would_give(database):
    holder = threading.Thread(target=write, args=(database,), kwargs={"hold": 2.5})
    holder.start()
    time.sleep(0.05)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            write(database)
    finally:
        holder.join()


def test_writers_get_the_turn_in_the_order_they_asked():
    """A newcomer never takes the turn ahead of those already waiting: each release hands
    it to the longest waiter (a plain lock let the slowest chat messages lose round after
    round)."""
    turn, order = WriteTurn(), []
    assert turn.acquire(timeout=1)
    waiters = []
    for number in range(5):
        waiter = threading.Thread(target=lambda n=number: (turn.acquire(1), order.append(n)))
        waiter.start()
        waiters.append(waiter)
        while len(turn._waiting) <= number:  # queued before the next one asks
            time.sleep(0.001)
    turn.release()
    for _ in range(5):
        while len(order) + len(turn._waiting) < 5:
            time.sleep(0.001)
        assert turn.acquire(timeout=0) is False  # held by a waiter: a newcomer waits
        time.sleep(0.01)
        turn.release()
    for waiter in waiters:
        waiter.join()
    assert order == [0, 1, 2, 3, 4]
    assert turn.acquire(timeout=0)  # the last release freed it


def test_a_writer_that_gives_up_leaves_the_line():
    turn = WriteTurn()
    assert turn.acquire(timeout=1)
    assert turn.acquire(timeout=0.05) is False
    assert not turn._waiting  # its place is not handed a turn nobody takes
    turn.release()
    assert turn.acquire(timeout=0)


def test_a_single_statement_goes_ahead_of_the_waiting_transactions():
    """A rate-limit count waits for the write in progress only, not for every transaction
    queued behind it; single statements keep their own order."""
    turn, order = WriteTurn(), []
    assert turn.acquire(timeout=1)

    def wait(name: str, soon: bool) -> threading.Thread:
        queued = len(turn._waiting) + len(turn._soon)
        waiter = threading.Thread(target=lambda: (turn.acquire(1, soon=soon), order.append(name)))
        waiter.start()
        while len(turn._waiting) + len(turn._soon) == queued:
            time.sleep(0.001)
        return waiter

    waiters = [
        wait("transaction 1", False),
        wait("count 1", True),
        wait("transaction 2", False),
        wait("count 2", True),
    ]
    for done in range(4):
        turn.release()  # each waiter, once it has the turn, is released here in turn
        while len(order) == done:
            time.sleep(0.001)
    turn.release()
    for waiter in waiters:
        waiter.join()
    assert order == ["count 1", "count 2", "transaction 1", "transaction 2"]
