"""What a subscriber receives for each ticket event (documented in docs/webhooks.md).

Small on purpose: enough to decide what to do and to fetch the rest through the API,
nothing a receiver's logs should not hold (no message bodies, no addresses).
"""

import json
from typing import Any

from realdesk.sla.choices import Level
from realdesk.tickets.choices import EventKind
from realdesk.tickets.events import MessageReceived, SlaChanged, payload_of
from realdesk.tickets.models import Event
from realdesk.webhooks.choices import WebhookEvent

_BY_KIND = {
    EventKind.CREATED: WebhookEvent.TICKET_CREATED,
    EventKind.MESSAGE_RECEIVED: WebhookEvent.MESSAGE_RECEIVED,
    EventKind.STATUS_CHANGED: WebhookEvent.STATUS_CHANGED,
    EventKind.RATED: WebhookEvent.RATING_RECEIVED,
}
_BY_SLA_LEVEL = {Level.AT_RISK: WebhookEvent.SLA_AT_RISK, Level.BREACHED: WebhookEvent.SLA_BREACHED}
WATCHED_KINDS = (*_BY_KIND, EventKind.SLA_CHANGED)


def event_type_of(event: Event) -> str | None:
    """The webhook event type of a ticket event; None for SLA changes nobody subscribes
    to (a clock met or paused)."""
    if event.kind == EventKind.SLA_CHANGED:
        return _BY_SLA_LEVEL.get(event.after)
    return _BY_KIND.get(event.kind)


def _details(event: Event) -> dict[str, Any]:
    if event.kind == EventKind.STATUS_CHANGED:
        return {"from": event.before, "to": event.after}
    if event.kind == EventKind.SLA_CHANGED:
        clock = payload_of(event, SlaChanged)
        return {"metric": clock.get("metric"), "due_at": clock.get("due_at")}
    if event.kind == EventKind.RATED:
        return {"score": event.after, "previous_score": event.before}
    if event.kind == EventKind.MESSAGE_RECEIVED:
        message = payload_of(event, MessageReceived)
        return {"message_id": message["message"], "channel": message["channel"]}
    return {"channel": event.ticket.channel}


def payload_body(event: Event, event_type: str) -> str:
    """The exact bytes every attempt sends, fixed when the delivery is queued."""
    ticket = event.ticket
    occurred_at = event.created_at.isoformat().replace("+00:00", "Z")
    payload = {
        "type": event_type,
        "timestamp": occurred_at,
        "data": {
            "event_id": event.pk,
            "occurred_at": occurred_at,
            "ticket": {
                "number": ticket.number,
                "subject": ticket.subject,
                "status": ticket.status,
                "priority": ticket.priority,
                "customer_id": ticket.customer_id,
            },
            **_details(event),
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
