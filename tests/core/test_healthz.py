from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from realdesk.core.health import worker_health_judge
from realdesk.core.models import WorkerHeartbeat
from support.tasks import record_run

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
    assert response.json()["worker"] == {
        "heartbeat_age_seconds": None,
        "oldest_due_task_seconds": None,
        "status": "missing",
    }


def test_degraded_with_stale_worker(client, settings):
    beat(3 * settings.REALDESK_WORKER_HEARTBEAT_SECONDS + 5)
    body = client.get("/healthz").json()
    assert (body["status"], body["worker"]["status"]) == ("degraded", "stale")


def test_reports_quarantined_email(client, settings):
    from realdesk.comms.email.inbound.record import email_receive
    from support.mail import make_email

    settings.REALDESK_EMAIL_MAX_BYTES = 10
    email_receive(data=make_email(), source="test")
    assert client.get("/healthz").json()["email_quarantine"] == 1


def test_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def due_task(waited_seconds: float) -> None:
    """A task enqueued `waited_seconds` ago that no worker has claimed."""
    record_run.enqueue(number=0, log_path="/dev/null")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=waited_seconds))


def test_503_when_due_tasks_wait_and_no_worker_claims(client, settings):
    settings.REALDESK_WORKER_STALL_SECONDS = 60
    beat(90)
    due_task(70)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert (body["status"], body["worker"]["status"]) == ("error", "stalled")
    assert body["worker"]["oldest_due_task_seconds"] >= 70
    assert body["reason"].startswith("a task has been due for 70 s and no worker has claimed")


def test_503_when_due_tasks_wait_and_no_worker_ever_ran(client, settings):
    settings.REALDESK_WORKER_STALL_SECONDS = 60
    due_task(70)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "a task has been due for 70 s and no worker is running"


def test_a_deferred_task_is_due_from_its_run_after(client, settings):
    settings.REALDESK_WORKER_STALL_SECONDS = 60
    beat(90)
    due_at = timezone.now() - timedelta(seconds=10)
    record_run.using(run_after=due_at).enqueue(number=0, log_path="/dev/null")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "stale", "due for 10 s only: not a stall yet"
    assert 9 < body["worker"]["oldest_due_task_seconds"] < 30


def test_a_queue_being_worked_through_is_not_a_stall(client, settings):
    settings.REALDESK_WORKER_STALL_SECONDS = 60
    beat(2)
    due_task(600)
    response = client.get("/healthz")
    assert (response.status_code, response.json()["status"]) == (200, "ok")


@pytest.mark.parametrize(
    ("heartbeat_age", "oldest_due_age", "status"),
    [
        (None, None, "missing"),
        (None, 59, "missing"),
        (None, 61, "stalled"),
        (5, None, "ok"),
        (5, 1000, "ok"),
        (31, None, "stale"),
        (61, 59, "stale"),
        (61, 61, "stalled"),
        (59, 1000, "stale"),
    ],
)
def test_worker_health_rule(heartbeat_age, oldest_due_age, status):
    health = worker_health_judge(
        heartbeat_age=heartbeat_age, oldest_due_age=oldest_due_age, beat_every=10, stall=60
    )
    assert health.status == status
    assert bool(health.reason) == (status == "stalled")
