"""Tasks used by the worker tests, importable by worker processes (tests/ is on sys.path)."""

import os
import time

from django_tasks import task


@task()
def record_run(*, number: int, log_path: str) -> int:
    """Append one line per execution: a task run twice shows up as a duplicate line."""
    time.sleep(0.005)
    with open(log_path, "a", encoding="ascii") as log:
        log.write(f"{number} {os.getpid()}\n")
    return number


@task()
def tick() -> str:
    """A periodic job for the scheduler tests."""
    return "tick"
