"""Django's SQLite backend, with the writers of one process queued in the process.

SQLite lets one connection write at a time; the others retry in its busy handler, which
sleeps 1, 2, 5, 10, 15, 20, 25 ... 100 ms between tries, however soon the lock comes
free: a writer that began waiting 50 ms into a 330 ms write started 50 ms after it ended
(tests/core/test_sqlite_writers.py). With writes a few milliseconds long arriving 150
times a second (live chat: the customers' messages, the agents' replies and their
rate-limit counts), a waiting writer can keep waking to a lock taken again. Here every
transaction of the process, and every write outside one, takes a lock first, held from
BEGIN to COMMIT or ROLLBACK, so the next writer of the same process starts the moment the
last one ends. Writers of other processes (a `realdesk worker` beside the web process)
still meet in SQLite's handler.
"""

import threading
from collections import deque
from contextlib import contextmanager

from django.db import OperationalError
from django.db.backends.sqlite3 import base


class WriteTurn:
    """A lock taken in the order asked, handed straight to the longest waiter. A plain
    `threading.Lock` lets whichever thread runs next take it, so under a steady stream of
    writers one could lose many rounds in a row: the slowest chat messages waited for
    seconds while the median took milliseconds (bench/chat_load.py).

    A single statement (`soon=True`: a rate-limit count, a lone UPDATE) goes ahead of the
    transactions waiting: it usually holds the lock a fraction of a millisecond, and an API
    request counted behind every queued transaction waited for the queue twice, once for
    its count and once for its own write."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._held = False
        self._soon: deque[threading.Lock] = deque()
        self._waiting: deque[threading.Lock] = deque()

    def acquire(self, timeout: float, *, soon: bool = False) -> bool:
        with self._guard:
            if not self._held:
                self._held = True
                return True
            handed = threading.Lock()
            handed.acquire()
            line = self._soon if soon else self._waiting
            line.append(handed)
        if handed.acquire(timeout=timeout):
            return True
        with self._guard:
            if handed in line:  # still waiting: give up its place
                line.remove(handed)
                return False
        return True  # handed over just as it timed out: it is ours

    def release(self) -> None:
        with self._guard:
            line = self._soon or self._waiting
            if line:
                line.popleft().release()  # still held: now the next one's
            else:
                self._held = False


_guard = threading.Lock()
_write_turns: dict[str, WriteTurn] = {}  # database file -> its writers' turn


def _write_turn(name: str) -> WriteTurn:
    with _guard:
        return _write_turns.setdefault(str(name), WriteTurn())


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class _TurnCursor(base.SQLiteCursorWrapper):
    """A write outside any transaction (a rate-limit count, a lone UPDATE: SQLite makes it
    a transaction of its own) takes the process's turn for its one statement, as a
    transaction does for all of its; without it, it polled in the busy handler."""

    database: "DatabaseWrapper"

    def execute(self, query, params=None):
        with self.database.statement_turn(query):
            return super().execute(query, params)

    def executemany(self, query, param_list):
        with self.database.statement_turn(query):
            return super().executemany(query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    _turn: WriteTurn | None = None  # held while this connection's transaction is open

    def _start_transaction_under_autocommit(self) -> None:
        turn = self._turn_take()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            turn.release()
            raise
        self._turn = turn

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=_TurnCursor)
        cursor.database = self
        return cursor

    def _turn_take(self, *, soon: bool = False) -> WriteTurn:
        turn = _write_turn(self.settings_dict["NAME"])
        # As long as SQLite itself would wait, and the same error after it.
        timeout = self.settings_dict["OPTIONS"].get("timeout", 5)
        if not turn.acquire(timeout=timeout, soon=soon):
            raise OperationalError("database is locked")
        return turn

    @contextmanager
    def statement_turn(self, sql: str):
        """The turn around one statement: a write outside a transaction (inside one, the
        transaction holds it already); reads never wait."""
        if self._turn is not None or not sql.lstrip()[:7].upper().startswith(_WRITES):
            yield
            return
        turn = self._turn_take(soon=True)
        try:
            yield
        finally:
            turn.release()

    def _turn_end(self) -> None:
        turn, self._turn = self._turn, None
        if turn is not None:
            turn.release()

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._turn_end()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._turn_end()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._turn_end()
