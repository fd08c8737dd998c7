"""Django's SQLite backend, with the writers of one process queued in the process.

SQLite lets one connection write at a time; the others retry in its busy handler, which
sleeps 1, 2, 5, 10, 15, 20, 25 ... 100 ms between tries, however soon the lock comes
free. With writes a few milliseconds long arriving 100 times a second (live chat: the
customers' messages and the agents' replies), a writer kept waking to find the lock taken
again and slept longer each time: deliveries of 0.5-0.8 s at the 99th percentile while
each write took 7-11 ms (bench/chat_load.py, docs/performance.md). Here every transaction
of the process takes a lock first, held from BEGIN to COMMIT or ROLLBACK, so the next
writer of the same process starts the moment the last one ends. Writers of other
processes (a `realdesk worker` beside the web process) still meet in SQLite's handler.
"""

import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_guard = threading.Lock()
_write_turns: dict[str, Any] = {}  # database file -> its writers' turn


def _write_turn(name: str) -> Any:
    with _guard:
        return _write_turns.setdefault(str(name), threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _turn: Any = None  # a threading.Lock, held while this connection's transaction is open

    def _start_transaction_under_autocommit(self) -> None:
        turn = _write_turn(self.settings_dict["NAME"])
        # As long as SQLite itself would wait, and the same error after it.
        if not turn.acquire(timeout=self.settings_dict["OPTIONS"].get("timeout", 5)):
            raise OperationalError("database is locked")
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            turn.release()
            raise
        self._turn = turn

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
