from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import Customer, User
from realdesk.core.bulk import rows_insert, rows_update
from realdesk.core.errors import ApplicationError
from realdesk.core.models import RawMessage
from realdesk.tickets.actions.common import (
    OWNER_FIELDS,
    STATUS_FIELDS,
    check_not_closed,
    lock,
    owner_set,
    status_change,
)
from realdesk.tickets.actions.customer_messages import CustomerMessage, customer_messages_add
from realdesk.tickets.choices import Direction, Status
from realdesk.tickets.events import (
    Reassigned,
    note_added,
    owner_changed,
    record_events,
    reply_sent,
)
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import check_can_work_on
from realdesk.tickets.selectors import ticket_reply_channel

#: What a reply changes on its ticket besides its owner and status.
REPLY_FIELDS = ["first_response_at", "last_agent_reply_at", "awaiting_reply_since", "updated_at"]


def message_receive(
    *,
    ticket: Ticket,
    customer: Customer,
    body_text: str,
    channel: str,
    body_html: str = "",
    external_id: str = "",
    raw: RawMessage | None = None,
    at: datetime | None = None,
    as_cc: bool = False,
) -> Message:
    """Add the customer's message; they now wait for us. A closed ticket gets a follow-up
    instead, and only the ticket's customer (or, with `as_cc`, a person they copied) may
    write into it: see `message_destination`."""
    (message,) = customer_messages_add(
        [
            CustomerMessage(
                ticket=ticket,
                customer=customer,
                body_text=body_text,
                channel=channel,
                body_html=body_html,
                external_id=external_id,
                raw=raw,
                at=at,
                as_cc=as_cc,
            )
        ]
    )
    return message


def message_send(
    *,
    ticket: Ticket,
    agent: User,
    body_text: str,
    body_html: str = "",
    status_after: str | None = Status.PENDING,
    at: datetime | None = None,
) -> Message:
    """An agent's reply to the customer. The first agent to reply owns an unowned ticket.

    `status_after` is where the ticket goes next (waiting on the customer by default);
    None keeps the status, except that a replied ticket is no longer new.
    """
    if not body_text.strip():
        raise ApplicationError(gettext("The reply is empty."), code="empty_message")
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(agent, ticket)
        check_not_closed(ticket)
        (message,) = rows_insert(
            [
                Message(
                    ticket=ticket,
                    direction=Direction.OUTBOUND,
                    channel=ticket_reply_channel(ticket=ticket),
                    author_agent=agent,
                    body_text=body_text,
                    body_html=body_html,
                    created_at=when,
                )
            ]
        )
        # Collected, then written once the ticket is saved: a reaction to the reply (its
        # delivery, the SLA clocks) reads the new owner, status and first response.
        events = [reply_sent(message=message, agent=agent)]
        if ticket.owner_id is None:
            owner_set(ticket, agent, when)
            events.append(
                owner_changed(
                    ticket=ticket,
                    before=None,
                    after=agent,
                    actor=agent,
                    payload=Reassigned(reason="first reply"),
                    at=when,
                )
            )
        next_status = status_after or (Status.OPEN if ticket.status == Status.NEW else None)
        if next_status and next_status != ticket.status:
            events.append(status_change(ticket, next_status, actor=agent, at=when))
        ticket.first_response_at = ticket.first_response_at or when
        ticket.last_agent_reply_at = when
        ticket.awaiting_reply_since = None
        ticket.updated_at = when
        # Only what a reply changes: a whole row's UPDATE took as long to build as the
        # reply's other statements together (a chat message is a reply).
        rows_update([ticket], [*REPLY_FIELDS, *OWNER_FIELDS, *STATUS_FIELDS])
        record_events(events)
    return message


def note_add(*, ticket: Ticket, agent: User, body_text: str, at: datetime | None = None) -> Message:
    """An internal note: seen by agents only, never sent, does not answer the customer."""
    if not body_text.strip():
        raise ApplicationError(gettext("The note is empty."), code="empty_message")
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(agent, ticket)
        check_not_closed(ticket)
        message = Message.objects.create(
            ticket=ticket,
            direction=Direction.NOTE,
            channel=ticket.channel,
            author_agent=agent,
            body_text=body_text,
            created_at=when,
        )
        ticket.updated_at = when
        ticket.save(update_fields=["updated_at"])
        record_events([note_added(message=message, agent=agent)])
    return message
