"""The only way an Event is written: call `record_event` (or `record_events` for the
events of a change to many tickets) inside the change's transaction.

An action builds its events unwritten (the typed builders below, or `event_new`), finishes
its change (the ticket saved), then writes them with one `record_events` call: reactions run
on the final state, never on a ticket half-way through the change.

The events reactions read carry a typed payload: a `TypedDict` per kind, written by that
kind's builder and read back with `payload_of(event, Shape)`, which refuses an event of
another kind. A new field is added to the TypedDict, so every reader sees it.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NotRequired, TypedDict, TypeVar, cast

from django.utils import timezone

from realdesk.accounts.models import Customer, Team, User
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event, Message, Ticket
from realdesk.tickets.reactions import dispatch_all


def person_ref(agent: User | None) -> dict[str, Any] | None:
    """How an agent appears in before/after: id for joins, name for humans reading history."""
    return None if agent is None else {"id": agent.pk, "name": str(agent)}


def team_ref(team: Team | None) -> dict[str, Any] | None:
    return None if team is None else {"id": team.pk, "name": team.name}


def event_new(
    *,
    ticket: Ticket,
    kind: str,
    actor: User | None = None,
    actor_customer: Customer | None = None,
    before: Any = None,
    after: Any = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """An Event not yet written: for `record_events`, which writes many at once."""
    return Event(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_customer=actor_customer,
        before=before,
        after=after,
        data=data or {},
        created_at=at or timezone.now(),
    )


def record_event(**event: Any) -> Event:
    """Write one Event (the arguments of `event_new`) and let other domains react."""
    (written,) = record_events([event_new(**event)])
    return written


def record_events(events: Sequence[Event]) -> list[Event]:
    """Write new Events in one statement, then let other domains react to them in order."""
    written = Event.objects.bulk_create(events)
    dispatch_all(written)
    return written


class TicketCreated(TypedDict):
    message: int  # the customer's first message
    follow_up_of: NotRequired[int]  # the number of the closed ticket this one follows


class MessageReceived(TypedDict):
    message: int
    channel: str
    cc: NotRequired[bool]  # written by a person the customer copied in


class ReplySent(TypedDict):
    message: int
    channel: str  # the channel the reply goes out on (the adapter's choice)


class NoteAdded(TypedDict):
    message: int


class Reassigned(TypedDict):
    """An owner or team change: an assignment, an escalation, or both halves of a transfer."""

    reason: NotRequired[str]  # "first reply", an escalation rule's reason
    note: NotRequired[str]  # the assigner's note, or a transfer's handoff note
    handoff: NotRequired[bool]  # a transfer (ticket_transfer), not an assignment
    customer_notice: NotRequired[int]  # the transfer's message telling the customer


class StatusChanged(TypedDict):
    reason: NotRequired[str]
    reopened: NotRequired[bool]
    open_promises: NotRequired[str]  # an OpenPromises value, on a solve only
    release_reason: NotRequired[str]


P = TypeVar("P")

#: Which payload each kind carries; `payload_of` checks an event against it.
PAYLOADS: dict[str, type] = {
    EventKind.CREATED: TicketCreated,
    EventKind.MESSAGE_RECEIVED: MessageReceived,
    EventKind.REPLY_SENT: ReplySent,
    EventKind.NOTE_ADDED: NoteAdded,
    EventKind.OWNER_CHANGED: Reassigned,
    EventKind.TEAM_CHANGED: Reassigned,
    EventKind.STATUS_CHANGED: StatusChanged,
}


def payload_of(event: Event, shape: type[P]) -> P:
    """The event's payload as its kind's TypedDict; a reaction asking for the wrong shape is
    a wiring mistake, refused rather than read as missing keys."""
    if PAYLOADS.get(event.kind) is not shape:
        raise TypeError(f"a {event.kind} event carries no {shape.__name__}")
    return cast(P, event.data)


def ticket_created(
    *,
    ticket: Ticket,
    message: Message,
    after: dict[str, Any],
    actor: User | None,
    actor_customer: Customer | None,
) -> Event:
    payload = TicketCreated(message=message.pk)
    if ticket.follow_up_of is not None:
        payload["follow_up_of"] = ticket.follow_up_of.number
    return event_new(
        ticket=ticket,
        kind=EventKind.CREATED,
        actor=actor,
        actor_customer=actor_customer,
        after=after,
        data=dict(payload),
        at=message.created_at,
    )


def message_received(*, ticket: Ticket, message: Message, customer: Customer) -> Event:
    payload = MessageReceived(message=message.pk, channel=message.channel)
    if ticket.customer_id != customer.pk:
        payload["cc"] = True
    return event_new(
        ticket=ticket,
        kind=EventKind.MESSAGE_RECEIVED,
        actor_customer=customer,
        data=dict(payload),
        at=message.created_at,
    )


def reply_sent(*, message: Message, agent: User) -> Event:
    payload = ReplySent(message=message.pk, channel=message.channel)
    return _written_by_agent(EventKind.REPLY_SENT, message, agent, payload)


def note_added(*, message: Message, agent: User) -> Event:
    return _written_by_agent(EventKind.NOTE_ADDED, message, agent, NoteAdded(message=message.pk))


def _written_by_agent(
    kind: str, message: Message, agent: User, payload: ReplySent | NoteAdded
) -> Event:
    return event_new(
        ticket=message.ticket, kind=kind, actor=agent, data=dict(payload), at=message.created_at
    )


def owner_changed(
    *,
    ticket: Ticket,
    before: User | None,
    after: User | None,
    actor: User | None,
    payload: Reassigned,
    at: datetime | None = None,
) -> Event:
    return event_new(
        ticket=ticket,
        kind=EventKind.OWNER_CHANGED,
        actor=actor,
        before=person_ref(before),
        after=person_ref(after),
        data=dict(payload),
        at=at,
    )
