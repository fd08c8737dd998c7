from datetime import datetime

from django.db import transaction
from django.utils import timezone

from realdesk.accounts.models import Customer, User
from realdesk.comms.models import RawMessage
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import STATUS_FIELDS, apply_status, check_not_closed, lock
from realdesk.tickets.actions.opening import ticket_open
from realdesk.tickets.choices import Direction, EventKind, Status
from realdesk.tickets.events import person_ref, record_event
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import check_can_work_on
from realdesk.tickets.selectors import ticket_cc_includes

REOPENING_STATUSES = {Status.PENDING, Status.SOLVED}
WAITING_FIELDS = ["last_customer_message_at", "awaiting_reply_since", "updated_at"]


def _final_ticket(ticket: Ticket) -> Ticket:
    """Follow merges so a reply to a merged ticket lands where the conversation went on."""
    seen = set()
    while ticket.merged_into_id and ticket.pk not in seen:
        seen.add(ticket.pk)
        ticket = ticket.merged_into
    return ticket


def _check_participant(ticket: Ticket, customer: Customer, *, as_cc: bool) -> None:
    if ticket.customer_id == customer.pk:
        return
    if as_cc and ticket_cc_includes(ticket=ticket, customer=customer):
        return
    copied = " nor copied on it" if as_cc else ""
    raise ApplicationError(
        f"{customer} is not the customer of ticket #{ticket.number}{copied}.",
        code="not_participant",
    )


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
    """Add the customer's message; they now wait for us again.

    A closed ticket is history: the message opens a follow-up ticket instead (the
    writer's own: a copied person never inherits the customer's ticket).
    Only the ticket's own customer may write into it, and, when the caller's policy
    allows it (`as_cc`), a person the customer copied: their message is theirs, the
    ticket stays the customer's, and it counts as the customer's side waiting for us.
    Channels decide what to do with anybody else (a ticket of their own) before calling.
    """
    if not body_text.strip() and not body_html.strip():
        raise ApplicationError("An empty message was not added.", code="empty_message")
    ticket = _final_ticket(ticket)
    _check_participant(ticket, customer, as_cc=as_cc)
    copied_in = ticket.customer_id != customer.pk
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        if not copied_in:
            ticket.customer = customer  # the same row: the reactions need not read it again
        if ticket.status == Status.CLOSED:
            follow_up = ticket_open(
                customer=customer,
                subject=ticket.subject,
                body_text=body_text,
                body_html=body_html,
                channel=channel,
                priority=ticket.priority,
                team=ticket.team,
                external_id=external_id,
                raw=raw,
                follow_up_of=ticket,
                at=when,
            )
            return follow_up.messages.get()
        message = Message.objects.create(
            ticket=ticket,
            direction=Direction.INBOUND,
            channel=channel,
            author_customer=customer,
            body_text=body_text,
            body_html=body_html,
            raw=raw,
            external_id=external_id,
            created_at=when,
        )
        record_event(
            ticket=ticket,
            kind=EventKind.MESSAGE_RECEIVED,
            actor_customer=customer,
            data={
                "message": message.pk,
                "channel": channel,
                **({"cc": True} if copied_in else {}),
            },
            at=when,
        )
        if ticket.status in REOPENING_STATUSES:
            reason = "copied person wrote" if copied_in else "customer wrote"
            apply_status(ticket, Status.OPEN, actor_customer=customer, reason=reason, at=when)
        ticket.last_customer_message_at = when
        ticket.awaiting_reply_since = ticket.awaiting_reply_since or when
        ticket.updated_at = when
        ticket.save(update_fields=[*STATUS_FIELDS, *WAITING_FIELDS])
    return message


def _reply_channel(ticket: Ticket) -> str:
    """Answer on the channel the customer last used, so they get it where they are."""
    last = (
        ticket.messages.filter(direction=Direction.INBOUND)
        .order_by("-created_at", "-pk")
        .values_list("channel", flat=True)
        .first()
    )
    return last or ticket.channel


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
        raise ApplicationError("The reply is empty.", code="empty_message")
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(agent, ticket)
        check_not_closed(ticket)
        message = Message.objects.create(
            ticket=ticket,
            direction=Direction.OUTBOUND,
            channel=_reply_channel(ticket),
            author_agent=agent,
            body_text=body_text,
            body_html=body_html,
            created_at=when,
        )
        record_event(
            ticket=ticket,
            kind=EventKind.REPLY_SENT,
            actor=agent,
            data={"message": message.pk, "channel": message.channel},
            at=when,
        )
        if ticket.owner_id is None:
            ticket.owner = agent
            record_event(
                ticket=ticket,
                kind=EventKind.OWNER_CHANGED,
                actor=agent,
                before=None,
                after=person_ref(agent),
                data={"reason": "first reply"},
                at=when,
            )
        next_status = status_after or (Status.OPEN if ticket.status == Status.NEW else None)
        if next_status:
            apply_status(ticket, next_status, actor=agent, at=when)
        ticket.first_response_at = ticket.first_response_at or when
        ticket.last_agent_reply_at = when
        ticket.awaiting_reply_since = None
        ticket.updated_at = when
        ticket.save()
    return message


def note_add(*, ticket: Ticket, agent: User, body_text: str, at: datetime | None = None) -> Message:
    """An internal note: seen by agents only, never sent, does not answer the customer."""
    if not body_text.strip():
        raise ApplicationError("The note is empty.", code="empty_message")
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
        record_event(
            ticket=ticket,
            kind=EventKind.NOTE_ADDED,
            actor=agent,
            data={"message": message.pk},
            at=when,
        )
        ticket.updated_at = when
        ticket.save(update_fields=["updated_at"])
    return message
