"""Reads of core state."""

from datetime import datetime

from django.db.models import Max, Min, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from realdesk.core.models import WorkerHeartbeat


def _seconds_since(moment: datetime | None) -> float | None:
    if moment is None:
        return None
    return max(0.0, (timezone.now() - moment).total_seconds())


def worker_heartbeat_age() -> float | None:
    """Seconds since a worker last polled for tasks, or None when no worker ever did."""
    return _seconds_since(WorkerHeartbeat.objects.aggregate(latest=Max("seen_at"))["latest"])


def oldest_due_task_age() -> float | None:
    """Seconds the longest-waiting due task has been due, or None when none is waiting.

    A task is due from when it was enqueued, or from its `run_after` if it was deferred
    (django-tasks-db stores "not deferred" as the year 9999).
    """
    not_deferred = Q(run_after=get_date_max())
    due = DBTaskResult.objects.ready().aggregate(
        immediate=Min("enqueued_at", filter=not_deferred),
        deferred=Min(Greatest("enqueued_at", "run_after"), filter=~not_deferred),
    )
    since = [moment for moment in due.values() if moment is not None]
    return _seconds_since(min(since, default=None))
