"""Only admins manage subscriptions; bad input is refused whole and changes nothing."""

import pytest

from factories import AgentFactory, open_ticket
from realdesk.accounts.choices import Role
from realdesk.core import periodic
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.webhooks.actions import (
    subscription_create,
    subscription_secret_rotate,
    subscription_update,
)
from realdesk.webhooks.choices import DeliveryStatus, WebhookEvent
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from realdesk.webhooks.tasks import deliver_due_webhooks

pytestmark = pytest.mark.django_db


def test_create_keeps_the_known_types_in_order_with_a_fresh_secret(admin, allow_local):
    subscription = subscription_create(
        actor=admin,
        name="  CRM ",
        url="http://127.0.0.1:9/hook",
        event_types=[WebhookEvent.SLA_BREACHED, WebhookEvent.TICKET_CREATED],
    )
    assert subscription.name == "CRM"
    assert subscription.event_types == ["ticket.created", "ticket.sla_breached"]
    assert subscription.secret.startswith("whsec_")
    assert (subscription.created_by, subscription.is_active) == (admin, True)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": " "}, "name_required"),
        ({"event_types": []}, "event_types_required"),
        ({"event_types": ["ticket.deleted"]}, "invalid_event_type"),
        ({"url": "http://10.0.0.1/hook"}, "unsafe_target"),
        ({"url": "gopher://127.0.0.1/"}, "unsafe_target"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(admin, allow_local, fields, code):
    good = {"name": "CRM", "url": "http://127.0.0.1:9/", "event_types": ["ticket.created"]}
    with pytest.raises(ApplicationError) as refused:
        subscription_create(actor=admin, **{**good, **fields})
    assert refused.value.code == code
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("role", [Role.LEAD, Role.AGENT, Role.READ_ONLY])
def test_only_admins_manage_webhooks(role, allow_local):
    with pytest.raises(PermissionDeniedError):
        subscription_create(
            actor=AgentFactory(role=role),
            name="CRM",
            url="http://127.0.0.1:9/",
            event_types=["ticket.created"],
        )
    assert not WebhookSubscription.objects.exists()


def test_disabling_by_hand_stops_what_waits_and_enabling_starts_afresh(subscribe, admin):
    subscription = subscribe(WebhookEvent.TICKET_CREATED)
    open_ticket()
    fields = {"name": "CRM", "url": subscription.url, "event_types": subscription.event_types}

    subscription_update(actor=admin, subscription=subscription, is_active=False, **fields)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.FAILED, f"disabled by {admin}")
    assert deliver_due_webhooks.call() == 0

    WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=7)
    enabled = subscription_update(actor=admin, subscription=subscription, is_active=True, **fields)
    assert (enabled.is_active, enabled.consecutive_failures, enabled.disabled_at) == (
        True,
        0,
        None,
    )


def test_a_refused_update_leaves_the_subscription_as_it_was(subscribe, admin):
    subscription = subscribe(WebhookEvent.TICKET_CREATED)
    with pytest.raises(ApplicationError):
        subscription_update(
            actor=admin,
            subscription=subscription,
            name="CRM",
            url="http://192.168.1.1/",
            event_types=["ticket.created"],
            is_active=True,
        )
    subscription.refresh_from_db()
    assert subscription.url.startswith("http://127.0.0.1:")


def test_rotating_the_secret(subscribe, admin):
    subscription = subscribe()
    old = subscription.secret
    assert subscription_secret_rotate(actor=admin, subscription=subscription).secret != old
    with pytest.raises(PermissionDeniedError):
        subscription_secret_rotate(actor=AgentFactory(role=Role.LEAD), subscription=subscription)


def test_the_sweep_runs_every_thirty_seconds():
    jobs = {job.name: job.interval.total_seconds() for job in periodic.registered_jobs()}
    assert jobs[deliver_due_webhooks.module_path] == 30
