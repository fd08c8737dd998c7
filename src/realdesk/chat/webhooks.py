"""chat.* webhook events (docs/webhooks.md): the chat, its ticket's number and who has it;
the conversation itself is read through the API."""

from realdesk.chat.models import ChatSession
from realdesk.webhooks.outbox import deliveries_queue_data, stamp


def chat_publish(*, event_type: str, session: ChatSession) -> None:
    """Queue the deliveries of one chat event; call inside the change's transaction."""
    chat = {
        "id": session.pk,
        "status": session.status,
        "ticket": session.ticket.number,
        "customer_id": session.customer_id,
        "agent_id": session.agent_id,
        "started_at": stamp(session.started_at),
        "accepted_at": stamp(session.accepted_at),
        "ended_at": stamp(session.ended_at),
    }
    deliveries_queue_data(event_type=event_type, data={"chat": chat})
