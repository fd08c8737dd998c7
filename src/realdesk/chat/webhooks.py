"""chat.* webhook events (docs/webhooks.md): the chat, its ticket's number and who has it;
the conversation itself is read through the API."""

import json

from django.utils import timezone

from realdesk.chat.models import ChatSession
from realdesk.webhooks.outbox import deliveries_queue_body
from realdesk.webhooks.selectors import subscriptions_listening


def _stamp(at) -> str | None:
    return at.isoformat().replace("+00:00", "Z") if at else None


def chat_publish(*, event_type: str, session: ChatSession) -> None:
    """Queue the deliveries of one chat event; call inside the change's transaction."""
    if not subscriptions_listening(event_type=event_type):
        return
    now = timezone.now()
    data = {
        "occurred_at": _stamp(now),
        "chat": {
            "id": session.pk,
            "status": session.status,
            "ticket": session.ticket.number,
            "customer_id": session.customer_id,
            "agent_id": session.agent_id,
            "started_at": _stamp(session.started_at),
            "accepted_at": _stamp(session.accepted_at),
            "ended_at": _stamp(session.ended_at),
        },
    }
    body = json.dumps(
        {"type": event_type, "timestamp": _stamp(now), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    deliveries_queue_body(event_type=event_type, body=body)
