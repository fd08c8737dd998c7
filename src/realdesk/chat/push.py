"""Pushing to the open chat sockets through the channel layer (in memory in one process,
Redis across several: docs/operations.md). Called after commit, so a socket never shows
what a rolled-back change wrote."""

import secrets
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from realdesk.chat.models import ChatSession
from realdesk.chat.selectors import live_session
from realdesk.chat.wire import message_json
from realdesk.tickets import reactions
from realdesk.tickets.choices import Channel, Direction, EventKind
from realdesk.tickets.events import MessageReceived, ReplySent, payload_of
from realdesk.tickets.models import Event, Message

QUEUE_GROUP = "chat_queue"  # every waiting customer's socket: positions move together


def chat_group(session_id: int) -> str:
    return f"chat_{session_id}"


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


@reactions.in_transaction(EventKind.MESSAGE_RECEIVED, EventKind.REPLY_SENT)
def message_push(event: Event) -> None:
    """A chat message goes to the chat's socket once committed; the customer's own comes
    back too, with its client id, which is the widget's acknowledgement. Only a dict is
    read here: every other channel's messages (a bulk mail import's) cost nothing."""
    shape = MessageReceived if event.kind == EventKind.MESSAGE_RECEIVED else ReplySent
    message = payload_of(event, shape)
    if message["channel"] != Channel.CHAT:
        return
    transaction.on_commit(partial(_message_send, event.ticket_id, message["message"]))


def _message_send(ticket_id: int, message_id: int | None) -> None:
    session = live_session(ticket_id=ticket_id)
    message = (
        Message.objects.filter(pk=message_id)
        .select_related("author_agent")
        .prefetch_related("attachments")
        .first()
    )
    if session is None or message is None:
        return
    _send(chat_group(session.pk), {"type": "chat.message", "message": message_json(message)})


def notice_push(*, ticket_id: int) -> None:
    """A message RealDesk wrote without an event of its own (the transfer's notice to the
    customer): the chat's socket gets the ticket's latest outbound message after commit."""

    def push() -> None:
        latest = (
            Message.objects.filter(ticket_id=ticket_id, direction=Direction.OUTBOUND)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        _message_send(ticket_id, latest)

    transaction.on_commit(push)


def signal_push(session_id: int, event: dict) -> None:
    """A signal with nothing in the database to roll back with it (typing, read up to a
    message) for the chat's sockets, after commit. Frames from the customer's own socket
    carry its `sender` so they are not echoed back to it."""
    transaction.on_commit(partial(_send, chat_group(session_id), event))


def queue_changed(session: ChatSession) -> None:
    """After this change commits: its own socket learns its status, every waiting one its
    new place in line. The change gets a name of its own, so each process reads the queue
    once for all its waiting sockets, and again only for the next change."""

    def push() -> None:
        _send(chat_group(session.pk), {"type": "chat.state"})
        _send(QUEUE_GROUP, {"type": "chat.queue", "queue": secrets.token_hex(8)})

    transaction.on_commit(push)
