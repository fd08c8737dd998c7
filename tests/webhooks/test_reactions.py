"""Ticket events become deliveries in their own transaction, one per subscribed type."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factories import open_ticket
from realdesk.sla.actions import sla_evaluate
from realdesk.sla.models import SLAPolicy
from realdesk.tickets.actions import message_receive, ticket_set_status
from realdesk.tickets.choices import Channel, EventKind, Status
from realdesk.webhooks.choices import DeliveryStatus, WebhookEvent
from realdesk.webhooks.models import WebhookDelivery
from realdesk.webhooks.tasks import deliver_webhook

pytestmark = pytest.mark.django_db


def bodies(event_type: str) -> list[dict]:
    rows = WebhookDelivery.objects.filter(event_type=event_type).order_by("pk")
    return [json.loads(row.body) for row in rows]


def test_only_subscribed_types_are_delivered(subscribe, agent, team):
    subscribe(WebhookEvent.STATUS_CHANGED)
    ticket = open_ticket(team=team)
    message_receive(ticket=ticket, customer=ticket.customer, body_text="More", channel="email")
    assert not WebhookDelivery.objects.exists()

    ticket_set_status(ticket=ticket, status=Status.PENDING, actor=agent, reason="asked")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.event_type, delivery.status) == (WebhookEvent.STATUS_CHANGED, "pending")
    assert delivery.webhook_id.startswith("msg_")


def test_one_delivery_per_subscription_each_with_its_own_id(subscribe, admin):
    crm, chat = subscribe(WebhookEvent.TICKET_CREATED), subscribe(WebhookEvent.TICKET_CREATED)
    subscribe(WebhookEvent.RATING_RECEIVED)
    open_ticket()
    deliveries = WebhookDelivery.objects.order_by("pk")
    assert [d.subscription_id for d in deliveries] == [crm.pk, chat.pk]
    assert len({d.webhook_id for d in deliveries}) == 2
    assert deliveries[0].body == deliveries[1].body


def test_payload_shapes(subscribe, agent, team):
    subscribe()
    ticket = open_ticket(team=team, subject="Printer on fire", channel=Channel.WEB)
    message_receive(ticket=ticket, customer=ticket.customer, body_text="Hot!", channel="email")
    ticket_set_status(ticket=ticket, status=Status.PENDING, actor=agent, reason="asked")

    created = ticket.events.get(kind=EventKind.CREATED)
    ticket_part = {
        "number": ticket.number,
        "subject": "Printer on fire",
        "status": "new",
        "priority": "normal",
        "customer_id": ticket.customer_id,
    }
    stamp = created.created_at.isoformat().replace("+00:00", "Z")
    assert bodies(WebhookEvent.TICKET_CREATED) == [
        {
            "type": "ticket.created",
            "timestamp": stamp,
            "data": {
                "event_id": created.pk,
                "occurred_at": stamp,
                "ticket": ticket_part,
                "channel": "web",
            },
        }
    ]
    [received] = bodies(WebhookEvent.MESSAGE_RECEIVED)
    message = ticket.messages.get(body_text="Hot!")
    assert received["type"] == "ticket.message_received"
    assert (received["data"]["message_id"], received["data"]["channel"]) == (message.pk, "email")
    assert received["data"]["ticket"]["status"] == "new"
    [changed] = bodies(WebhookEvent.STATUS_CHANGED)
    assert {key: changed["data"][key] for key in ("from", "to")} == {
        "from": "new",
        "to": "pending",
    }
    assert changed["data"]["ticket"]["status"] == "pending"
    assert "Hot!" not in json.dumps(received)  # no message bodies leave in a webhook


def test_sla_at_risk_and_breached(subscribe):
    SLAPolicy.objects.create(name="Around the clock", position=1, first_response=timedelta(hours=1))
    subscribe(WebhookEvent.SLA_AT_RISK, WebhookEvent.SLA_BREACHED)
    opened = timezone.now() - timedelta(hours=3)
    ticket = open_ticket(at=opened)
    sla_evaluate(now=opened + timedelta(minutes=55))
    sla_evaluate(now=opened + timedelta(hours=2))

    [at_risk] = bodies(WebhookEvent.SLA_AT_RISK)
    [breached] = bodies(WebhookEvent.SLA_BREACHED)
    assert at_risk["data"]["metric"] == breached["data"]["metric"] == "first_response"
    assert breached["data"]["ticket"]["number"] == ticket.number
    assert breached["data"]["due_at"].startswith(str((opened + timedelta(hours=1)).date()))
    assert WebhookDelivery.objects.count() == 2  # "sla started" and the like send nothing


def test_a_rolled_back_change_queues_nothing(subscribe):
    subscribe(WebhookEvent.TICKET_CREATED)
    queued = []

    def open_then_fail() -> None:
        with transaction.atomic():
            open_ticket()
            queued.append(WebhookDelivery.objects.count())
            raise RuntimeError("the change fails after its event")

    with pytest.raises(RuntimeError):
        open_then_fail()
    assert queued == [1]
    assert not WebhookDelivery.objects.exists()


def test_the_send_task_is_enqueued_after_commit(subscribe, django_capture_on_commit_callbacks):
    subscribe(WebhookEvent.TICKET_CREATED)
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
        assert not DBTaskResult.objects.filter(task_path=deliver_webhook.module_path).exists()
    delivery = WebhookDelivery.objects.get()
    queued = DBTaskResult.objects.get(task_path=deliver_webhook.module_path)
    assert queued.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}
    assert delivery.status == DeliveryStatus.PENDING


def test_a_rating_is_delivered(subscribe, agent, team):
    from realdesk.surveys.actions import rating_ask, rating_record
    from realdesk.tickets.actions import message_send

    subscribe(WebhookEvent.RATING_RECEIVED)
    ticket = open_ticket(team=team)
    message_send(ticket=ticket, agent=agent, body_text="Done.", status_after=Status.SOLVED)
    solved = ticket.events.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED).get()
    rating_record(rating=rating_ask(solve_event=solved), score="bad")
    (body,) = bodies(WebhookEvent.RATING_RECEIVED)
    assert (body["data"]["score"], body["data"]["previous_score"]) == ("bad", None)
