"""Pushing to the open chat sockets through the channel layer (in memory in one process,
Redis across several: docs/operations.md). Called after commit, so a socket never shows
what a rolled-back change wrote."""

import secrets
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import prefetch_related_objects

from realdesk.chat.models import ChatSession
from realdesk.chat.wire import message_json
from realdesk.tickets import reactions
from realdesk.tickets.choices import Channel, Direction, EventKind
from realdesk.tickets.events import MessageReceived, ReplySent, event_message, payload_of
from realdesk.tickets.models import Event, Message

QUEUE_GROUP = "chat_queue"  # every waiting customer's socket: positions move together


def chat_group(ticket_id: int) -> str:
    """A chat's sockets, named after its ticket (each chat opens a ticket of its own), so
    a message's push needs no read to find them: a ticket whose chat has ended has none."""
    return f"chat_{ticket_id}"


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


@reactions.in_transaction(EventKind.MESSAGE_RECEIVED, EventKind.REPLY_SENT)
def message_push(event: Event) -> None:
    """A chat message goes to the chat's socket once committed; the customer's own comes
    back too, with its client id, which is the widget's acknowledgement. Only a dict is
    read here: every other channel's messages (a bulk mail import's) cost nothing. The
    writer's own copy of the message is sent, not one read back."""
    shape = MessageReceived if event.kind == EventKind.MESSAGE_RECEIVED else ReplySent
    if payload_of(event, shape)["channel"] != Channel.CHAT:
        return
    transaction.on_commit(partial(_message_send, event.ticket_id, event_message(event, shape)))


def _message_send(ticket_id: int, message: Message) -> None:
    """Its files are read here, after commit: a chat action attaches them after the
    message's event. Kept on the message, which the API's answer then shows as is."""
    prefetch_related_objects([message], "attachments")
    _send(chat_group(ticket_id), {"type": "chat.message", "message": message_json(message)})


def notice_push(*, ticket_id: int) -> None:
    """A message RealDesk wrote without an event of its own (the transfer's notice to the
    customer): the chat's socket gets the ticket's latest outbound message after commit."""

    def push() -> None:
        latest = (
            Message.objects.filter(ticket_id=ticket_id, direction=Direction.OUTBOUND)
            .select_related("author_agent")
            .order_by("-pk")
            .first()
        )
        if latest is not None:
            _message_send(ticket_id, latest)

    transaction.on_commit(push)


def signal_push(session: ChatSession, event: dict) -> None:
    """A signal with nothing in the database to roll back with it (typing, read up to a
    message) for the chat's sockets, after commit. Frames from the customer's own socket
    carry its `sender` so they are not echoed back to it."""
    transaction.on_commit(partial(_send, chat_group(session.ticket_id), event))


def queue_changed(session: ChatSession) -> None:
    """After this change commits: its own socket learns its status, every waiting one its
    new place in line. The change gets a name of its own, so each process reads the queue
    once for all its waiting sockets, and again only for the next change."""

    def push() -> None:
        _send(chat_group(session.ticket_id), {"type": "chat.state"})
        _send(QUEUE_GROUP, {"type": "chat.queue", "queue": secrets.token_hex(8)})

    transaction.on_commit(push)
