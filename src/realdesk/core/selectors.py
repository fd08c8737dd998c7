"""Reads of core state."""

from django.db.models import Max
from django.utils import timezone

from realdesk.core.models import WorkerHeartbeat


def worker_heartbeat_age() -> float | None:
    """Seconds since the freshest worker heartbeat, or None when no worker ever beat."""
    latest = WorkerHeartbeat.objects.aggregate(latest=Max("seen_at"))["latest"]
    if latest is None:
        return None
    return max(0.0, (timezone.now() - latest).total_seconds())
