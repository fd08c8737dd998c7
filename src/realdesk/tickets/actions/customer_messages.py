"""Customers' messages, one or many at once: the one way a customer's words reach a ticket.

`ticket_open` and `message_receive` are this with a single message. A bulk email import
adds a hundred messages to many tickets in one transaction; one at a time, each cost a
lock, an insert of the message and of each event, a read of the SLA clocks and a save of
the ticket. `customer_messages_add` does each of those in one statement for all of them,
under the same rules.

A new ticket is first a draft (`ticket_draft`, an unsaved Ticket): the message that
comes first into it opens it, and later messages of the same call continue it, so a
caller can thread a reply to a request that arrived moments before in the same batch.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import Customer, Team, User
from realdesk.core.batch_cache import batch_scope
from realdesk.core.bulk import rows_insert, rows_update
from realdesk.core.errors import ApplicationError
from realdesk.core.models import RawMessage
from realdesk.tickets.actions.common import (
    STATUS_FIELDS,
    clean_subject,
    next_ticket_numbers,
    status_change,
)
from realdesk.tickets.choices import Channel, Direction, Priority, Status
from realdesk.tickets.events import (
    Acknowledge,
    message_received,
    record_events,
    team_ref,
    ticket_created,
)
from realdesk.tickets.models import Event, Message, Ticket
from realdesk.tickets.selectors import ticket_cc_includes

REOPENING_STATUSES = {Status.PENDING, Status.SOLVED}
WAITING_FIELDS = ["last_customer_message_at", "awaiting_reply_since", "updated_at"]


@dataclass
class CustomerMessage:
    """One message from a customer (or a person they copied, `as_cc`) into a ticket, or a
    draft of one to open. `opened_by` is the agent who logged a request (a phone call,
    say); the words are the customer's."""

    ticket: Ticket
    customer: Customer
    body_text: str
    channel: str
    body_html: str = ""
    external_id: str = ""
    raw: RawMessage | None = None
    at: datetime | None = None
    as_cc: bool = False
    opened_by: User | None = None
    acknowledge: Acknowledge | None = None  # on a draft's message: its channel asks for one


def ticket_draft(
    *,
    customer: Customer,
    subject: str,
    body_text: str,
    channel: str,
    language: str = "",
    priority: str = Priority.NORMAL,
    team: Team | None = None,
    follow_up_of: Ticket | None = None,
    at: datetime,
) -> Ticket:
    """A ticket to open with its first message, checked now, saved by `customer_messages_add`."""
    if channel not in Channel.values:
        raise ApplicationError(
            gettext("Unknown channel %(channel)r") % {"channel": channel}, code="invalid_channel"
        )
    if priority not in Priority.values:
        raise ApplicationError(
            gettext("Unknown priority %(priority)r") % {"priority": priority},
            code="invalid_priority",
        )
    return Ticket(
        subject=clean_subject(subject, body_text),
        priority=priority,
        customer=customer,
        team=team,
        channel=channel,
        language=language or customer.language,
        follow_up_of=follow_up_of,
        created_at=at,
        updated_at=at,
        last_customer_message_at=at,
        awaiting_reply_since=at,
    )


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
    if as_cc and ticket.pk is not None and ticket_cc_includes(ticket=ticket, customer=customer):
        return
    refusal = (
        gettext("%(customer)s is not the customer of ticket #%(number)s nor copied on it.")
        if as_cc
        else gettext("%(customer)s is not the customer of ticket #%(number)s.")
    )
    raise ApplicationError(
        refusal % {"customer": customer, "number": ticket.number},
        code="not_participant",
    )


def message_destination(
    *, ticket: Ticket, customer: Customer, channel: str, at: datetime, as_cc: bool = False
) -> Ticket:
    """Where a customer's message to `ticket` lands: the ticket it was merged into, if so;
    a follow-up (a draft of the writer's own) when it is closed, for a closed ticket is
    history. Only the ticket's own customer may write into it, and, when the caller's
    policy allows it (`as_cc`), a person the customer copied; anybody else raises
    `not_participant`, and the channel decides what to do with them (a ticket of their own).
    """
    ticket = _final_ticket(ticket)
    _check_participant(ticket, customer, as_cc=as_cc)
    if ticket.status != Status.CLOSED:
        return ticket
    return ticket_draft(
        customer=customer,
        subject=ticket.subject,
        body_text="",
        channel=channel,
        priority=ticket.priority,
        team=ticket.team,
        follow_up_of=ticket,
        at=at,
    )


def _check_not_empty(item: CustomerMessage) -> None:
    if not item.body_text.strip() and not item.body_html.strip():
        opening = item.ticket.pk is None
        text = (
            gettext("A request needs a message.")
            if opening
            else gettext("An empty message was not added.")
        )
        raise ApplicationError(text, code="empty_message")


def _destinations(items: list[CustomerMessage], when: list[datetime]) -> list[Ticket]:
    """Each message's ticket, the existing ones locked (one read) and current."""
    finals = {id(item): _final_ticket(item.ticket) for item in items if item.ticket.pk}
    ids = {ticket.pk for ticket in finals.values()}
    locked = Ticket.objects.select_for_update().in_bulk(ids) if ids else {}
    found = []
    for item, at in zip(items, when, strict=True):
        final = finals.get(id(item))
        if final is None:
            found.append(item.ticket)  # a draft: opened by the first message into it
            continue
        found.append(
            message_destination(
                ticket=locked[final.pk],
                customer=item.customer,
                channel=item.channel,
                at=at,
                as_cc=item.as_cc,
            )
        )
    return found


def _opened(ticket: Ticket, message: Message, item: CustomerMessage) -> Event:
    return ticket_created(
        ticket=ticket,
        message=message,
        actor=item.opened_by,
        actor_customer=None if item.opened_by else item.customer,
        acknowledge=item.acknowledge,
        after={
            "subject": ticket.subject,
            "status": ticket.status,
            "priority": ticket.priority,
            "channel": item.channel,
            "team": team_ref(ticket.team),
        },
    )


def _continued(ticket: Ticket, message: Message, item: CustomerMessage) -> list[Event]:
    """The message's events on a ticket it joins; the ticket waits for us again. A ticket
    the customer had been told was solved (or waiting on them) is open again first, so
    that the message is one the customer waits an answer to (its SLA clock runs)."""
    when, customer = message.created_at, item.customer
    copied_in = ticket.customer_id != customer.pk
    if not copied_in:
        ticket.customer = customer  # the same row: the reactions need not read it again
    events = []
    if ticket.status in REOPENING_STATUSES:
        reason = "copied person wrote" if copied_in else "customer wrote"
        events.append(
            status_change(ticket, Status.OPEN, actor_customer=customer, reason=reason, at=when)
        )
    events.append(message_received(ticket=ticket, message=message, customer=customer))
    ticket.last_customer_message_at = when
    ticket.awaiting_reply_since = ticket.awaiting_reply_since or when
    ticket.updated_at = when
    return events


def customer_messages_add(items: list[CustomerMessage], *, savepoint: bool = True) -> list[Message]:
    """Add the messages in order, each to its ticket (see `message_destination`), opening
    the drafts; the customers now wait for us. The messages, in the items' order; all of
    them or, on any error, none.

    `savepoint=False`: the caller's own transaction is rolled back whole on any error from
    here, so the batch needs no savepoint of its own inside it (two round trips saved).
    """
    for item in items:
        _check_not_empty(item)
    now = timezone.now()
    when = [item.at or now for item in items]
    # The configuration is read once for all the events.
    with batch_scope(), transaction.atomic(savepoint=savepoint):
        tickets = _destinations(items, when)
        drafts = list({id(t): t for t in tickets if t.pk is None}.values())
        for draft, number in zip(drafts, next_ticket_numbers(len(drafts)), strict=True):
            draft.number = number
        rows_insert(drafts)
        messages = rows_insert(
            [
                Message(
                    ticket=ticket,
                    direction=Direction.INBOUND,
                    channel=item.channel,
                    author_customer=item.customer,
                    body_text=item.body_text,
                    body_html=item.body_html,
                    raw=item.raw,
                    external_id=item.external_id,
                    created_at=at,
                )
                for item, ticket, at in zip(items, tickets, when, strict=True)
            ]
        )
        events, to_open, continued = [], {id(draft) for draft in drafts}, {}
        for item, ticket, message in zip(items, tickets, messages, strict=True):
            if id(ticket) in to_open:
                to_open.remove(id(ticket))
                events.append(_opened(ticket, message, item))
            else:
                events.extend(_continued(ticket, message, item))
                continued[id(ticket)] = ticket
        rows_update(list(continued.values()), [*STATUS_FIELDS, *WAITING_FIELDS])
        record_events(events)
    return messages
