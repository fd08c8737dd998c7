"""The background worker: django-tasks-db's worker plus a heartbeat for /healthz.

django-tasks-db claims each task inside a transaction with SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL (an exclusive transaction on SQLite), so any number of
workers on any number of machines never run one task twice.
"""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from realdesk.core.models import WorkerHeartbeat
from realdesk.core.periodic import Scheduler

logger = logging.getLogger(__name__)


class Heartbeat:
    """Keeps this worker's WorkerHeartbeat row fresh from a thread of its own."""

    def __init__(self, worker_id: str, *, every: float | None = None):
        self.worker_id = worker_id
        self.every = every or settings.REALDESK_WORKER_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)

    def _run(self) -> None:
        started = timezone.now()
        try:
            while not self._stop.is_set():
                self._beat(started)
                self._stop.wait(self.every)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        finally:
            connection.close()

    def _beat(self, started) -> None:
        close_old_connections()
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": started,
                    "seen_at": timezone.now(),
                },
            )
        except Exception:
            # A missed beat shows as an ageing heartbeat; it must not stop the worker.
            logger.exception("worker heartbeat failed")


class Companions:
    """What runs beside every worker: its heartbeat and the periodic-job scheduler."""

    def __init__(self, worker_id: str):
        self.heartbeat = Heartbeat(worker_id)
        self.scheduler = Scheduler()

    def start(self) -> None:
        self.heartbeat.start()
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.stop()
        self.heartbeat.stop()


def new_worker(*, interval: float = 1.0, queue_names: list[str] | None = None) -> Worker:
    """A django-tasks-db worker with RealDesk's defaults (all queues, no start-up delay)."""
    return Worker(
        queue_names=queue_names or ["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{socket.gethostname()[:40]}-{get_random_string(12)}",
        excluded_queue_names=[],
    )


class WorkerThread:
    """A worker inside another process (the web server), stopped cleanly on shutdown."""

    def __init__(self, *, interval: float = 1.0):
        self.worker = new_worker(interval=interval)
        self.companions = Companions(self.worker.worker_id)
        self._thread = threading.Thread(target=self._run, name="task-worker", daemon=True)

    def start(self) -> None:
        self.companions.start()
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        """Let the current task finish, then stop polling."""
        self.worker.running = False
        self._thread.join(timeout=timeout)
        self.companions.stop()

    def _run(self) -> None:
        try:
            self.worker.run()
        finally:
            connection.close()
