"""The outbox against a real HTTP receiver on 127.0.0.1: one id, every try logged, retries."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, open_ticket
from realdesk.accounts.choices import Role
from realdesk.webhooks import outbox, transport
from realdesk.webhooks.choices import DeliveryStatus, WebhookEvent
from realdesk.webhooks.models import WebhookDelivery
from realdesk.webhooks.outbox import backoff, delivery_send
from realdesk.webhooks.tasks import deliver_due_webhooks, deliver_webhook
from support.mail import free_port, sent_mail

pytestmark = pytest.mark.django_db


def make_due(delivery: WebhookDelivery, *, first_attempt_ago: timedelta | None = None) -> None:
    """Jump to the next try (and, for the end of the day of retries, back in time)."""
    changes = {"next_attempt_at": timezone.now()}
    if first_attempt_ago is not None:
        changes["first_attempt_at"] = timezone.now() - first_attempt_ago
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)


def test_fails_twice_then_succeeds_with_one_id_three_attempts_and_a_valid_signature(
    subscribe, receiver
):
    subscribe(WebhookEvent.TICKET_CREATED)
    receiver.script = [(500, {}), (503, {})]
    ticket = open_ticket(subject="Printer on fire")
    delivery = WebhookDelivery.objects.get()

    before = timezone.now()
    assert deliver_webhook.call(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert before + timedelta(seconds=29) < delivery.next_attempt_at
    assert delivery.next_attempt_at < timezone.now() + timedelta(seconds=31)
    assert delivery_send(delivery_id=delivery.pk) is None  # not due yet: nothing sent
    assert len(receiver.requests) == 1

    make_due(delivery)
    assert deliver_due_webhooks.call() == 0  # the sweep retries; the receiver fails again
    make_due(delivery)
    assert deliver_due_webhooks.call() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)
    assert delivery.delivered_at is not None
    assert [r.headers["webhook-id"] for r in receiver.requests] == [delivery.webhook_id] * 3
    assert all(r.signature_valid for r in receiver.requests)
    assert {r.body for r in receiver.requests} == {delivery.body}
    assert receiver.requests[0].path == "/hooks/realdesk?src=test"
    assert json.loads(receiver.requests[0].body)["data"]["ticket"]["number"] == ticket.number
    log = list(delivery.attempt_log.values_list("status_code", "error"))
    assert log == [
        (500, "the receiver answered 500"),
        (503, "the receiver answered 503"),
        (200, ""),
    ]
    assert all(ms >= 0 for ms in delivery.attempt_log.values_list("duration_ms", flat=True))
    assert delivery_send(delivery_id=delivery.pk) is None  # delivered: never again


def test_a_tampered_body_fails_the_receivers_check(subscribe, receiver):
    subscription = subscribe(WebhookEvent.TICKET_CREATED)
    open_ticket()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(body=delivery.body + " ")
    receiver.secret = subscription.secret
    delivery_send(delivery_id=delivery.pk)
    assert receiver.requests[0].signature_valid is True  # signed over what was sent

    receiver.secret = "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="
    make_due(delivery)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING)
    delivery_send(delivery_id=delivery.pk)
    assert receiver.requests[1].signature_valid is False  # another secret does not verify


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    waits = [backoff(n).total_seconds() for n in (1, 2, 3, 4, 8, 30)]
    assert waits == [30, 60, 120, 240, 3600, 3600]


def test_redirect_to_a_private_address_is_not_followed(subscribe, receiver, monkeypatch):
    dialled = []
    real_open = transport.open_socket

    def recording(address, port, timeout):
        dialled.append(address)
        return real_open(address, port, timeout)

    monkeypatch.setattr(transport, "open_socket", recording)
    subscribe(WebhookEvent.TICKET_CREATED)
    receiver.script = [(302, {"Location": "http://10.0.0.1/steal"})]
    open_ticket()
    delivery = WebhookDelivery.objects.get()

    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    assert dialled == ["127.0.0.1"]
    assert len(receiver.requests) == 1
    attempt = delivery.attempt_log.get()
    assert attempt.status_code == 302
    assert attempt.error == "redirects are not followed (to http://10.0.0.1/steal)"


def test_after_a_day_of_failures_the_delivery_fails_for_good(subscribe, receiver):
    subscription = subscribe(WebhookEvent.TICKET_CREATED)
    receiver.script = [(500, {})] * 2
    open_ticket()
    delivery = WebhookDelivery.objects.get()
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.PENDING
    make_due(delivery, first_attempt_ago=timedelta(hours=23, minutes=59, seconds=30))
    assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.FAILED

    delivery.refresh_from_db()
    assert delivery.last_error == "the receiver answered 500"
    assert delivery.attempt_log.count() == 2
    subscription.refresh_from_db()
    assert (subscription.consecutive_failures, subscription.is_active) == (1, True)


def test_a_success_resets_the_failure_count(subscribe, receiver):
    subscription = subscribe(WebhookEvent.TICKET_CREATED)
    type(subscription).objects.filter(pk=subscription.pk).update(consecutive_failures=5)
    open_ticket()
    assert delivery_send(delivery_id=WebhookDelivery.objects.get().pk) == DeliveryStatus.DELIVERED
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0


def test_repeated_failures_disable_the_subscription_and_mail_the_admins(
    settings, subscribe, admin, django_capture_on_commit_callbacks
):
    settings.REALDESK_WEBHOOK_DISABLE_AFTER = 2
    AgentFactory(role=Role.LEAD, email="lead@example.com")
    dead = f"http://127.0.0.1:{free_port()}/hook"  # nobody listens: connection refused
    subscription = subscribe(WebhookEvent.TICKET_CREATED, url=dead)
    first, second, waiting = (open_ticket(), open_ticket(), open_ticket())
    deliveries = list(WebhookDelivery.objects.order_by("pk"))
    assert [d.event.ticket_id for d in deliveries] == [first.pk, second.pk, waiting.pk]

    with django_capture_on_commit_callbacks(execute=True):
        for delivery in deliveries[:2]:
            assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.PENDING
            make_due(delivery, first_attempt_ago=timedelta(hours=24))
            assert delivery_send(delivery_id=delivery.pk) == DeliveryStatus.FAILED

    subscription.refresh_from_db()
    assert subscription.is_active is False
    assert subscription.disabled_reason == "2 deliveries in a row failed"
    assert subscription.disabled_facts == {"code": "failures", "params": {"limit": 2}}
    assert "ConnectionRefusedError" in deliveries[0].attempt_log.first().error
    third = WebhookDelivery.objects.get(pk=deliveries[2].pk)
    assert third.status == DeliveryStatus.FAILED
    assert third.last_error.startswith("subscription disabled")
    assert [m.to for m in sent_mail()] == [["admin@example.com"]]
    assert sent_mail()[0].subject == "Webhook disabled: CRM"
    assert dead in sent_mail()[0].body
    assert f"/admin/webhooks/webhooksubscription/{subscription.pk}/" in sent_mail()[0].body

    open_ticket()
    assert WebhookDelivery.objects.count() == 3  # a disabled subscription gets nothing new


def test_a_delivery_whose_sender_died_is_retried_after_its_lease(subscribe, receiver, monkeypatch):
    subscribe(WebhookEvent.TICKET_CREATED)
    open_ticket(subject="Printer on fire")
    delivery = WebhookDelivery.objects.get()

    def die(**kwargs):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(outbox, "post", die)
        with pytest.raises(SystemExit):
            delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    assert deliver_due_webhooks.call() == 0  # its sender may still be at it: hands off
    assert receiver.requests == []

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)  # the lease ran out
    )
    assert outbox.deliveries_release_stale() == 1
    assert outbox.deliveries_release_stale() == 0  # taken over once
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING  # a failed try, retried after backoff
    make_due(delivery)
    assert deliver_due_webhooks.call() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert [r.headers["webhook-id"] for r in receiver.requests] == [delivery.webhook_id]
    log = list(delivery.attempt_log.values_list("status_code", "error"))
    assert log == [(None, "the sender stopped while sending"), (200, "")]
