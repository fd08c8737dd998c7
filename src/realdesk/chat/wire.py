"""How a chat message and the queue look on the wire (the REST API and the socket say the
same), and who may embed the chat."""

from django.utils import timezone, translation

from realdesk.chat.models import ChatSession
from realdesk.chat.selectors import Queue, client_id_of, queue_state
from realdesk.sla.eta import reader_zone
from realdesk.sla.phrasing import describe_told
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message
from realdesk.voice.models import Callback


def message_json(message: Message) -> dict:
    agent = message.author_agent
    return {
        "id": message.pk,
        "client_id": client_id_of(message),
        "from": "customer" if message.direction == Direction.INBOUND else "agent",
        "name": agent.first_name if agent else "",
        "body": message.body_text,
        "created_at": message.created_at.isoformat(),
        # Downloaded from /chat/api/sessions/{id}/files/{file id}?token=, never shown inline.
        "files": [
            {"id": a.pk, "name": a.filename, "size": a.size, "type": a.content_type}
            for a in message.attachments.all()
        ],
    }


def state_json(session: ChatSession, *, queue: Queue | None = None) -> dict:
    """From `queue` when the caller read the whole queue already, else for this one chat."""
    state = queue.state(session) if queue else queue_state(session)
    return {
        "status": session.status,
        "queue_position": state.position,
        "wait_seconds": state.wait_seconds,
        "agents_online": state.agents_online,
    }


def callback_when(callback: Callback) -> str:
    """By when the customer will have been called, in words and to the minute ("by 4:15 pm
    today (by Sat 5 Dec, 4:15 pm CET)"): the end of the callback's window, on the
    customer's clock, in the language of the request."""
    return describe_told(
        callback.window_end,
        now=timezone.now(),
        timezone=reader_zone(callback.ticket),
        language=translation.get_language() or "en",
    )


def origin_allowed(origin: str | None, *, own: str, allowed: list[str]) -> bool:
    """No Origin is a same-site navigation or a server; otherwise RealDesk's own origin or
    one configured for the workspace (REALDESK_CHAT_ALLOWED_ORIGINS)."""
    return not origin or origin == own or origin in allowed
