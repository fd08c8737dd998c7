"""incident.* events reach webhook subscribers through the webhook outbox, signed as any."""

import json

import pytest

from realdesk.incidents.actions import (
    incident_open,
    incident_ticket_unlink,
    incident_tickets_link,
    incident_update_post,
)
from realdesk.webhooks.choices import WebhookEvent
from realdesk.webhooks.models import WebhookDelivery
from realdesk.webhooks.outbox import delivery_send
from webhooks import conftest as hooks

pytestmark = pytest.mark.django_db
# The real HTTP receiver and subscriptions of the webhooks tests.
admin, allow_local, receiver, subscribe = (
    hooks.admin,
    hooks.allow_local,
    hooks.receiver,
    hooks.subscribe,
)


def test_every_incident_event_is_delivered(subscribe, receiver, lead, ticket, login_component):
    subscribe(*[value for value in WebhookEvent.values if value.startswith("incident.")])
    incident = incident_open(
        actor=lead, title="Sign-in fails", body="Looking.", components=[login_component]
    )
    incident_tickets_link(actor=lead, incident=incident, tickets=[ticket])
    incident_ticket_unlink(actor=lead, incident=incident, ticket=ticket)
    incident_update_post(actor=lead, incident=incident, status="monitoring", body="Fix out.")
    incident_update_post(actor=lead, incident=incident, status="resolved", body="Fixed.")

    deliveries = list(WebhookDelivery.objects.order_by("pk"))
    assert [d.event_type for d in deliveries] == [
        "incident.created",
        "incident.ticket_linked",
        "incident.ticket_unlinked",
        "incident.updated",
        "incident.resolved",
    ]
    assert all(d.event is None for d in deliveries)
    linked = json.loads(deliveries[1].body)["data"]
    assert linked["ticket"] == {"number": ticket.number, "customer_id": ticket.customer_id}
    assert linked["incident"]["components"] == ["Login"]
    resolved = json.loads(deliveries[-1].body)["data"]
    assert resolved["update"]["body"] == "Fixed."
    assert resolved["incident"]["resolved_at"] is not None

    assert delivery_send(delivery_id=deliveries[0].pk) == "delivered"
    assert receiver.requests[0].signature_valid


def test_nothing_is_queued_without_subscribers(incident):
    assert not WebhookDelivery.objects.exists()
