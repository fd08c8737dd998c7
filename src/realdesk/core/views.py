"""Health endpoint for load balancers and operators."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from realdesk.comms.email.receive import quarantine_count
from realdesk.core.selectors import worker_heartbeat_age


@never_cache
@require_GET
def healthz(request):
    """`ok` when the database answers and a worker beat recently; 503 without a database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    age = worker_heartbeat_age()
    stale_after = 3 * settings.REALDESK_WORKER_HEARTBEAT_SECONDS
    worker_ok = age is not None and age <= stale_after
    return JsonResponse(
        {
            "status": "ok" if worker_ok else "degraded",
            "database": "ok",
            "worker": {
                "heartbeat_age_seconds": None if age is None else round(age, 1),
                "status": "ok" if worker_ok else ("missing" if age is None else "stale"),
            },
            "email_quarantine": quarantine_count(),
        }
    )
