"""Subscriptions are managed in the admin; deliveries and their attempts are read-only."""

import pytest

from factories import open_ticket
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from realdesk.webhooks.outbox import delivery_send

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
