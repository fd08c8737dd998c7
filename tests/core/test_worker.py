"""The background worker outlives what used to end it, and /healthz tells the truth meanwhile.

Issue 13: `realdesk ingest` held SQLite's write lock past the busy timeout, the worker
thread of `realdesk serve` died on "database is locked", and /healthz kept saying ok while
131 tasks waited. These tests run `realdesk serve` on a SQLite file, as on one machine.
"""

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from realdesk.core.worker import pause_after
from support.serve import healthz, serve_env, start_serve, wait_healthy

STALL_SECONDS = 3
SQLITE_TIMEOUT = 1
SERVER_ENV = {
    "REALDESK_WORKER_STALL_SECONDS": str(STALL_SECONDS),
    "REALDESK_SQLITE_TIMEOUT": str(SQLITE_TIMEOUT),
}

ENQUEUE_RUNS = """
from datetime import timedelta
from django.utils import timezone
from support.tasks import record_run
due = timezone.now() + timedelta(seconds={delay})
for number in range({count}):
    record_run.using(run_after=due).enqueue(number=number, log_path={log!r})
"""
ENQUEUE_CRASH = "from support.crashing import crash_worker; crash_worker.enqueue()"


@dataclass
class Server:
    directory: Path
    port: int
    log: Path

    @property
    def database(self) -> Path:
        return self.directory / "serve.sqlite3"

    def shell(self, code: str) -> None:
        """Run Python against the server's database, as another process would."""
        subprocess.run(
            [sys.executable, "-m", "realdesk.cli", "manage", "shell", "-c", code],
            env=serve_env(self.directory, **SERVER_ENV),
            check=True,
            capture_output=True,
        )

    def enqueue_runs(self, runs: Path, *, count: int, delay: float = 0) -> None:
        self.shell(ENQUEUE_RUNS.format(delay=delay, count=count, log=str(runs)))

    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("serve")
    log = directory / "serve.log"
    with log.open("w") as output:
        process, port = start_serve(directory, output=output, **SERVER_ENV)
        try:
            assert wait_healthy(port)["status"] == "ok", log.read_text()
            yield Server(directory, port, log)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def wait_for(what: Callable, until: Callable[..., bool], *, timeout: float, why: str):
    deadline = time.monotonic() + timeout
    while True:
        value = what()
        if until(value):
            return value
        assert time.monotonic() < deadline, why
        time.sleep(0.25)


def numbers_run(runs: Path) -> list[int]:
    return sorted(int(line.split()[0]) for line in runs.read_text().splitlines())


def test_due_tasks_run_after_the_database_was_locked_past_the_busy_timeout(server):
    runs = server.directory / "locked-runs.log"
    runs.touch()
    server.enqueue_runs(runs, count=20, delay=6)  # due while the lock below is held
    lock = sqlite3.connect(server.database, isolation_level=None, timeout=30)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        _, health = wait_for(
            lambda: healthz(server.port),
            lambda answer: answer[0] == 503,
            timeout=30,
            why="/healthz kept saying all was well while due tasks waited",
        )
        assert health["worker"]["status"] == "stalled"
        # Judged on the exact age (over STALL_SECONDS), shown rounded to a tenth: 3.04 is 3.0.
        assert health["worker"]["oldest_due_task_seconds"] >= STALL_SECONDS
        assert "no worker has claimed tasks for" in health["reason"]
        assert runs.read_text() == "", "nothing can run while the database is locked"
        # The worker's claim waits out the busy timeout before it fails and says so: the
        # 503 above can come first. Its own line, not the periodic scheduler's traceback.
        wait_for(
            server.output,
            lambda text: "cannot claim tasks (database is locked)" in text,
            timeout=30,
            why="the worker never reported the locked database",
        )
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    wait_for(
        lambda: numbers_run(runs),
        lambda numbers: len(numbers) >= 20,
        timeout=60,
        why="the tasks never ran once the lock was gone: the worker died",
    )
    assert numbers_run(runs) == list(range(20)), "a task was lost or ran twice"
    _, health = wait_for(
        lambda: healthz(server.port),
        lambda answer: answer[0] == 200 and answer[1]["status"] == "ok",
        timeout=30,
        why="/healthz did not recover with the worker",
    )
    assert health["worker"]["status"] == "ok"
    assert "retrying in" in server.output()


def test_worker_loop_restarts_after_an_unexpected_error(server):
    # The server is shared with the lock test, whose locked database can restart the loop
    # too: only what the worker says after this crash counts.
    before = len(server.output())
    server.shell(ENQUEUE_CRASH)
    since_crash = wait_for(
        lambda: server.output()[before:],
        lambda text: "RuntimeError: a task_finished receiver failed" in text,
        timeout=30,
        why="the receiver's error never reached the worker's log",
    )
    assert "restarting its loop" in since_crash

    runs = server.directory / "after-crash-runs.log"
    runs.touch()
    server.enqueue_runs(runs, count=5)
    wait_for(
        lambda: numbers_run(runs),
        lambda numbers: len(numbers) >= 5,
        timeout=30,
        why="tasks enqueued after the crash never ran",
    )
    status, health = healthz(server.port)
    assert (status, health["status"], health["worker"]["status"]) == (200, "ok", "ok")


def test_pauses_double_up_to_ten_seconds():
    assert [pause_after(n) for n in range(1, 8)] == [0.5, 1, 2, 4, 8, 10, 10]
