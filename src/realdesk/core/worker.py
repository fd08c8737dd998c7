"""The background worker: django-tasks-db's claim and task runner inside RealDesk's own loop.

django-tasks-db claims each task inside a transaction with SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL (an exclusive transaction on SQLite), so any number of
workers on any number of machines never run one task twice.

Its own loop let a "database is locked" raised at BEGIN end the worker, and a heartbeat
kept fresh by a thread of its own went on saying all was well: a `realdesk ingest` beside
`realdesk serve` on SQLite once left 131 tasks queued until a restart. So the loop here
retries database errors with backoff, restarts itself after any other error (logged), and
writes the heartbeat itself after each poll that reached the database: a fresh heartbeat
means tasks are being claimed, nothing less (`core/health.py` reads it).
"""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from realdesk.core.models import WorkerHeartbeat
from realdesk.core.periodic import Scheduler

logger = logging.getLogger(__name__)

# Errors that say "the database is not answering right now" (SQLite's lock held past the
# busy timeout, a PostgreSQL restart or fail-over): wait and ask again, they pass.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 10.0


def pause_after(failures: int) -> float:
    """Seconds to wait after the n-th failure in a row: doubling from half a second to ten."""
    return min(FIRST_PAUSE * 2 ** (failures - 1), LONGEST_PAUSE)


class Worker(db_worker.Worker):
    """One worker: claims a task, runs it, and never stops on its own until told to."""

    def __init__(self, *, interval: float = 1.0, queue_names: list[str] | None = None):
        super().__init__(
            queue_names=queue_names or ["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()[:40]}-{get_random_string(12)}",
            excluded_queue_names=[],
        )
        self.started_at = timezone.now()
        self._wake = threading.Event()
        self._beaten_at: float | None = None  # time.monotonic() of the last heartbeat written
        self._polls = 0

    def stop(self) -> None:
        """Finish the current task, then stop (also cuts a pause short)."""
        self.running = False
        self._wake.set()

    def run(self) -> None:
        logger.info("worker %s started (queues: %s)", self.worker_id, ",".join(self.queue_names))
        crashes = 0
        try:
            while self.running:
                polls_before = self._polls
                try:
                    self._poll_until_stopped()
                except Exception:
                    # A loop that polled since the last crash starts the count afresh; one that
                    # crashes before its first poll (a row it cannot read) waits longer each time.
                    crashes = 1 if self._polls > polls_before else crashes + 1
                    logger.exception(
                        "worker %s failed; restarting its loop in %.1f s",
                        self.worker_id,
                        pause_after(crashes),
                    )
                    self._pause(pause_after(crashes))
        finally:
            self._forget()

    def _poll_until_stopped(self) -> None:
        failures = 0
        while self.running:
            try:
                close_old_connections()  # drop a connection the last error left broken
                claimed = self._claim()
            except TRANSIENT_ERRORS as error:
                failures += 1
                logger.warning(
                    "worker %s cannot claim tasks (%s); retrying in %.1f s",
                    self.worker_id,
                    error,
                    pause_after(failures),
                )
                self._pause(pause_after(failures))
                continue
            failures = 0
            if claimed is None:
                self._pause(self.interval)
            else:
                self.run_task(claimed)

    def _claim(self) -> DBTaskResult | None:
        """Claim the next due task, if any, and beat in the same transaction."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        beat = self._beaten_at is None or (
            time.monotonic() - self._beaten_at >= settings.REALDESK_WORKER_HEARTBEAT_SECONDS
        )
        with exclusive_transaction(tasks.db):
            claimed = tasks.get_locked()
            if claimed is not None:
                claimed.claim(self.worker_id)
            if beat:
                self._beat()
        self._polls += 1
        if beat:
            self._beaten_at = time.monotonic()
        return claimed

    def _beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "seen_at": timezone.now(),
            },
        )

    def _pause(self, seconds: float) -> None:
        if self.running:
            self._wake.wait(seconds)

    def _forget(self) -> None:
        """A stopped worker removes its heartbeat; if the database refuses, the row ages out."""
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("worker %s could not remove its heartbeat", self.worker_id)
        logger.info("worker %s stopped", self.worker_id)


class WorkerThread:
    """A worker and the periodic-job scheduler inside another process (the web server)."""

    def __init__(self, *, interval: float = 1.0):
        self.worker = Worker(interval=interval)
        self.scheduler = Scheduler()
        self._thread = threading.Thread(target=self._run, name="task-worker", daemon=True)

    def start(self) -> None:
        self.scheduler.start()
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        """Let the current task finish, then stop polling."""
        self.worker.stop()
        self._thread.join(timeout=timeout)
        self.scheduler.stop()

    def _run(self) -> None:
        try:
            self.worker.run()
        finally:
            connection.close()
