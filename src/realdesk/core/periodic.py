"""Periodic jobs: one registry, run by whichever worker claims each due slot first.

Apps register jobs in AppConfig.ready() with `every(seconds)`; each job is a task
(django-tasks) that takes no arguments and is idempotent, so a late or skipped run is
harmless and the next one catches up.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, connection
from django.utils import timezone

from realdesk.core.models import PeriodicSchedule
from realdesk.core.registry import Registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: timedelta
    enqueue: Callable[[], object]


_jobs: Registry[str, PeriodicJob] = Registry("periodic jobs")


def every(seconds: float) -> Callable:
    """Register a django-tasks task to be enqueued every `seconds` seconds."""

    def register(task):
        name = f"{task.module_path}"
        _jobs.register(name, PeriodicJob(name, timedelta(seconds=seconds), task.enqueue))
        return task

    return register


def registered_jobs() -> list[PeriodicJob]:
    return _jobs.values()


def enqueue_due_jobs() -> list[str]:
    """Enqueue every job whose slot is due and that this process wins; returns their names."""
    now = timezone.now()
    enqueued = []
    for job in _jobs.values():
        PeriodicSchedule.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        won = PeriodicSchedule.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.interval
        )
        if won:
            job.enqueue()
            enqueued.append(job.name)
    return enqueued


class Scheduler:
    """A thread in each worker process that enqueues due periodic jobs."""

    def __init__(self, *, tick: float = 5.0):
        self.tick = tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.tick + 5)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                close_old_connections()
                try:
                    enqueue_due_jobs()
                except Exception:
                    logger.exception("periodic scheduling failed; trying again next tick")
                self._stop.wait(self.tick)
        finally:
            connection.close()
