"""Subscriptions are managed in the admin; deliveries and their attempts are read-only."""

from importlib import import_module

import pytest
from django.utils import translation

from factories import open_ticket
from realdesk.webhooks.actions import subscription_update
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from realdesk.webhooks.outbox import delivery_send
from realdesk.webhooks.reasons import disabled_reasons

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_adding_a_subscription_shows_its_secret_once(admin_client, allow_local, receiver):
    form = {
        "name": "CRM",
        "url": receiver.url,
        "event_types": ["ticket.created", "ticket.status_changed"],
        "is_active": "on",
    }
    response = admin_client.post("/admin/webhooks/webhooksubscription/add/", form, follow=True)
    subscription = WebhookSubscription.objects.get()
    assert subscription.event_types == ["ticket.created", "ticket.status_changed"]
    assert subscription.secret in response.content.decode()
    page = admin_client.get(f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/")
    assert page.status_code == 200
    assert subscription.secret not in page.content.decode()


def test_an_internal_url_is_a_form_error(admin_client):
    form = {"name": "CRM", "url": "http://169.254.169.254/", "event_types": ["ticket.created"]}
    response = admin_client.post("/admin/webhooks/webhooksubscription/add/", form)
    assert response.status_code == 200
    assert "a cloud metadata address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_delivery_log_lists_each_attempt_read_only(admin_client, subscribe, receiver):
    subscription = subscribe()
    receiver.script = [(500, {})]
    open_ticket()
    delivery = WebhookDelivery.objects.get(event_type="ticket.created")
    delivery_send(delivery_id=delivery.pk)

    change = admin_client.get(f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/")
    assert f"?subscription__id__exact={subscription.pk}" in change.content.decode()
    listing = admin_client.get(
        f"/admin/webhooks/webhookdelivery/?subscription__id__exact={subscription.pk}"
    )
    assert delivery.webhook_id in listing.content.decode()
    page = admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/")
    html = page.content.decode()
    assert "the receiver answered 500" in html
    assert 'name="_save"' not in html  # nothing to edit


def test_a_french_admin_reads_why_a_subscription_was_disabled_in_french(
    admin_client, admin, subscribe
):
    subscription = subscribe()
    fields = {"name": "CRM", "url": subscription.url, "event_types": subscription.event_types}
    subscription_update(actor=admin, subscription=subscription, is_active=False, **fields)
    subscription.refresh_from_db()
    assert subscription.disabled_reason == f"disabled by {admin}"  # as recorded
    admin.language = "fr"
    admin.save(update_fields=["language"])
    with translation.override("en"):  # the request activates French: not for later tests
        page = admin_client.get(f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/")
    html = page.content.decode()
    assert f"désactivé par {admin}" in html
    assert "disabled by" not in html


@pytest.mark.parametrize(
    ("recorded", "language", "shown"),
    [
        ("5 deliveries in a row failed", "es", "5 entregas seguidas fallaron"),
        ("disabled by Ana Admin", "de", "deaktiviert von Ana Admin"),
        ("turned off in the database by hand", "de", "turned off in the database by hand"),
    ],
)
def test_reasons_recorded_before_phrases_are_read_back(recorded, language, shown):
    migration = import_module("realdesk.webhooks.migrations.0004_disabled_facts")
    with translation.override(language):
        assert disabled_reasons.read(migration.phrase_of(recorded), recorded=recorded) == shown
