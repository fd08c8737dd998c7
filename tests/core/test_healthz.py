from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def beat(age_seconds: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="test",
        pid=1,
        started_at=now,
        seen_at=now - timedelta(seconds=age_seconds),
    )


def test_ok_with_fresh_worker(client):
    beat(2)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["worker"]["status"] == "ok"
    assert 1.5 <= body["worker"]["heartbeat_age_seconds"] < 10


def test_degraded_without_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"] == {"heartbeat_age_seconds": None, "status": "missing"}


def test_degraded_with_stale_worker(client, settings):
    beat(3 * settings.REALDESK_WORKER_HEARTBEAT_SECONDS + 5)
    body = client.get("/healthz").json()
    assert (body["status"], body["worker"]["status"]) == ("degraded", "stale")


def test_reports_quarantined_email(client, settings):
    from realdesk.comms.email.receive import email_receive
    from support.mail import make_email

    settings.REALDESK_EMAIL_MAX_BYTES = 10
    email_receive(data=make_email(), source="test")
    assert client.get("/healthz").json()["email_quarantine"] == 1


def test_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
