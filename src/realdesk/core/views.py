"""Health endpoint for load balancers and operators."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from realdesk.core.health import health_figures, worker_health


def _seconds(age: float | None) -> float | None:
    return None if age is None else round(age, 1)


@never_cache
@require_GET
def healthz(request):
    """200 `ok` (or `degraded` with a quiet worker); 503 without a database or when due
    tasks wait with no worker claiming them (core/health.py has the rule)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    worker = worker_health()
    body = {
        "status": {"ok": "ok", "stalled": "error"}.get(worker.status, "degraded"),
        "database": "ok",
        "worker": {
            "heartbeat_age_seconds": _seconds(worker.heartbeat_age),
            "oldest_due_task_seconds": _seconds(worker.oldest_due_age),
            "status": worker.status,
        },
    }
    body.update((key, figure()) for key, figure in health_figures.items())
    if worker.stalled:
        body["reason"] = worker.reason
    return JsonResponse(body, status=503 if worker.stalled else 200)
