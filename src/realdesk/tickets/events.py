"""The only way an Event is written: build it with its kind's builder below, then call
`record_events` inside the change's transaction.

An action builds its events unwritten, finishes its change (the ticket saved), then writes
them with one `record_events` call: reactions run on the final state, never on a ticket
half-way through the change.

Every kind has one builder and a typed payload: a `TypedDict` per kind (`PAYLOADS`), written
by that kind's builder and read back with `payload_of(event, Shape)`, which
refuses an event of another kind, or `payload(event)` for readers that show any kind (the
history). A new field is added to the TypedDict, so every reader sees it. The JSON stored
is the TypedDict as is: typing it changed no row.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NotRequired, Protocol, TypedDict, TypeVar, Unpack, cast

from django.utils import timezone

from realdesk.accounts.models import Customer, Team, User
from realdesk.core.bulk import rows_insert
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event, Message, Ticket
from realdesk.tickets.reactions import dispatch_all


def person_ref(agent: User | None) -> dict[str, Any] | None:
    """How an agent appears in before/after: id for joins, name for humans reading history."""
    return None if agent is None else {"id": agent.pk, "name": str(agent)}


def team_ref(team: Team | None) -> dict[str, Any] | None:
    return None if team is None else {"id": team.pk, "name": team.name}


def _event_new(
    *,
    ticket: Ticket,
    kind: str,
    actor: User | None = None,
    actor_customer: Customer | None = None,
    before: Any = None,
    after: Any = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
    message: Message | None = None,
) -> Event:
    """An Event not yet written, of any kind: only the typed builders below call it. A
    message event keeps the `message` its writer had (`Event.written_message`)."""
    event = Event(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_customer=actor_customer,
        before=before,
        after=after,
        data=data or {},
        created_at=at or timezone.now(),
    )
    event.written_message = message
    return event


def record_events(events: Sequence[Event]) -> list[Event]:
    """Write new Events in one statement, then let other domains react to them in order."""
    written = rows_insert(events)
    dispatch_all(written)
    return written


class Acknowledge(TypedDict):
    """A channel's request that the new ticket be acknowledged by email (comms does it, one
    reaction for every channel, within the caps)."""

    to: str  # the address the request came from
    zone: NotRequired[str]  # the time zone the customer's browser reported (the web form)


class TicketCreated(TypedDict):
    message: int  # the customer's first message
    follow_up_of: NotRequired[int]  # the number of the closed ticket this one follows
    acknowledge: NotRequired[Acknowledge]


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


class PriorityChanged(TypedDict):
    reason: NotRequired[str]  # an escalation rule's reason; none when an agent chose


class TagsChanged(TypedDict):
    """Nothing besides `before` and `after`, the sorted tag names."""


# "from" is a keyword: a merge's two ends are declared the functional way.
_MergeEnds = TypedDict("_MergeEnds", {"from": NotRequired[int], "into": NotRequired[int]})


class Merged(_MergeEnds):
    """Written on both tickets: the source names the ticket it went `into`, the target the
    ticket it took messages `from` (ticket numbers)."""

    messages_moved: int
    ccs_moved: NotRequired[list[str]]  # the source's copied-in addresses the target took on


class WorkaroundGiven(TypedDict):
    note: str


class CcAdded(TypedDict):
    """`after` lists the addresses copied in."""

    left_out: NotRequired[int]  # addresses over the cap, not copied in


class StatusChanged(TypedDict):
    reason: NotRequired[str]
    reopened: NotRequired[bool]
    open_promises: NotRequired[str]  # an OpenPromises value, on a solve only
    release_reason: NotRequired[str]


# "from" is a keyword: the hand-over's two keys are declared the functional way.
_HandedOver = TypedDict(
    "_HandedOver",
    {"from": NotRequired[dict[str, Any] | None], "to": NotRequired[dict[str, Any] | None]},
)


class PromiseChanged(_HandedOver):
    """A promise to the customer (`after`: made, kept, kept_open, missed, released,
    handed_over), or a callback kept like one (missed)."""

    what: str
    due_at: str  # ISO 8601
    promise: NotRequired[int]
    callback: NotRequired[int]
    customer_notice: NotRequired[str]  # the words the customer is mailed, in their language
    on_time: NotRequired[bool]  # kept
    reason: NotRequired[str]  # released


class SlaChanged(TypedDict):
    """A target's state (`after`: at_risk, breached, achieved, shortened), or the customer
    told a new answer time (`after`: eta_retold)."""

    target: NotRequired[int | str]  # the SLATarget's id; on "shortened", the new target
    metric: NotRequired[str]
    cycle: NotRequired[int]
    due_at: NotRequired[str | None]
    met: NotRequired[bool]  # achieved
    phrase: NotRequired[str]  # eta_retold: the new time as told, and the one told before
    eta: NotRequired[str]
    told_before: NotRequired[str]
    customer_notice: NotRequired[str]


class DeliveryFailed(TypedDict):
    """The customer did not get an email (its row) or a reply (no address reached them)."""

    error: str
    email: NotRequired[int]
    to: NotRequired[str]
    kind: NotRequired[str]
    message: NotRequired[int]
    status: NotRequired[str | None]  # a bounce's status code
    permanent: NotRequired[bool]


class Escalated(TypedDict):
    reason: str  # in English, as recorded
    facts: NotRequired[dict[str, Any]]  # the reason as a phrase, for each reader's language
    rules: NotRequired[list[str]]
    notified: NotRequired[list[str]]
    watchers: NotRequired[list[int]]
    rating: NotRequired[int]  # a bad rating
    comment: NotRequired[str]


class Rated(TypedDict):
    rating: int
    comment: str


class IncidentLinked(TypedDict):
    automatic: NotRequired[bool]  # matched the incident's keywords, nobody linked it


class GoodwillGranted(TypedDict):
    note: str
    limit: str  # the granting role's limit, as a decimal


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
    EventKind.PROMISE_CHANGED: PromiseChanged,
    EventKind.SLA_CHANGED: SlaChanged,
    EventKind.DELIVERY_FAILED: DeliveryFailed,
    EventKind.ESCALATED: Escalated,
    EventKind.RATED: Rated,
    EventKind.INCIDENT_LINKED: IncidentLinked,
    EventKind.GOODWILL_GRANTED: GoodwillGranted,
    EventKind.PRIORITY_CHANGED: PriorityChanged,
    EventKind.TAGS_CHANGED: TagsChanged,
    EventKind.MERGED: Merged,
    EventKind.WORKAROUND_GIVEN: WorkaroundGiven,
    EventKind.CC_ADDED: CcAdded,
}


def payload_of(event: Event, shape: type[P]) -> P:
    """The event's payload as its kind's TypedDict; a reaction asking for the wrong shape is
    a wiring mistake, refused rather than read as missing keys."""
    if PAYLOADS.get(event.kind) is not shape:
        raise TypeError(f"a {event.kind} event carries no {shape.__name__}")
    return cast(P, event.data)


def event_payload(event: Event) -> Any:
    """The payload as its own kind's TypedDict, for readers that show events of every kind
    (the history); a reader of one kind asks `payload_of` for its shape."""
    return payload_of(event, PAYLOADS[event.kind])


def _field_of(event: Event, name: str) -> Any:
    shape = PAYLOADS.get(event.kind)
    return event.data.get(name) if shape and name in shape.__annotations__ else None


def message_of(event: Event) -> int | None:
    """The message an event is about (a customer's, a reply, a note, one not delivered),
    for any kind whose payload names one; None for the others."""
    return _field_of(event, "message")


def event_message(event: Event, shape: type[MessageReceived] | type[ReplySent]) -> Message:
    """The message a received or sent event is about: its writer's copy in a reaction of
    the same transaction, else read back (with its ticket and customer, which reactions
    to a message read)."""
    if event.written_message is not None:
        return event.written_message
    message_id = payload_of(event, shape)["message"]
    return Message.objects.select_related("ticket__customer", "author_agent").get(pk=message_id)


def note_of(event: Event) -> str | None:
    """The note a person wrote with the change (an assignment's, a transfer's handoff, a
    workaround, a goodwill grant), for any kind whose payload carries one; None for others."""
    return _field_of(event, "note") or None


def ticket_created(
    *,
    ticket: Ticket,
    message: Message,
    after: dict[str, Any],
    actor: User | None,
    actor_customer: Customer | None,
    acknowledge: Acknowledge | None = None,
) -> Event:
    payload = TicketCreated(message=message.pk)
    if ticket.follow_up_of is not None:
        payload["follow_up_of"] = ticket.follow_up_of.number
    if acknowledge is not None:
        payload["acknowledge"] = acknowledge
    return _event_new(
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
    return _event_new(
        ticket=ticket,
        kind=EventKind.MESSAGE_RECEIVED,
        actor_customer=customer,
        data=dict(payload),
        at=message.created_at,
        message=message,
    )


def reply_sent(*, message: Message, agent: User) -> Event:
    payload = ReplySent(message=message.pk, channel=message.channel)
    return _written_by_agent(EventKind.REPLY_SENT, message, agent, payload)


def note_added(*, message: Message, agent: User) -> Event:
    return _written_by_agent(EventKind.NOTE_ADDED, message, agent, NoteAdded(message=message.pk))


def _written_by_agent(
    kind: str, message: Message, agent: User, payload: ReplySent | NoteAdded
) -> Event:
    return _event_new(
        ticket=message.ticket,
        kind=kind,
        actor=agent,
        data=dict(payload),
        at=message.created_at,
        message=message,
    )


class Reassignment(TypedDict):
    """Who moved the ticket, when, and why (an owner or team change's own arguments)."""

    actor: User | None
    payload: Reassigned
    at: NotRequired[datetime | None]


def owner_changed(
    *, ticket: Ticket, before: User | None, after: User | None, **change: Unpack[Reassignment]
) -> Event:
    before_ref, after_ref = person_ref(before), person_ref(after)
    return _reassigned(ticket, EventKind.OWNER_CHANGED, before_ref, after_ref, change)


def team_changed(
    *, ticket: Ticket, before: Team | None, after: Team | None, **change: Unpack[Reassignment]
) -> Event:
    return _reassigned(ticket, EventKind.TEAM_CHANGED, team_ref(before), team_ref(after), change)


def _reassigned(ticket: Ticket, kind: str, before: Any, after: Any, change: Reassignment) -> Event:
    return _event_new(
        ticket=ticket,
        kind=kind,
        actor=change["actor"],
        before=before,
        after=after,
        data=dict(change["payload"]),
        at=change.get("at"),
    )


class EventFields(TypedDict, total=False):
    """What any event may carry besides its ticket, kind and payload (see `_event_new`)."""

    actor: User | None
    actor_customer: Customer | None
    before: Any
    after: Any
    at: datetime | None


# The builders of the other kinds: each fixes its kind and the shape its payload must
# have; the rest is `_event_new`'s.

Shape = TypeVar("Shape", contravariant=True)


class Builder(Protocol[Shape]):
    def __call__(
        self, *, ticket: Ticket, payload: Shape, **event: Unpack[EventFields]
    ) -> Event: ...


def _builder(kind: str, shape: type[Shape]) -> Builder[Shape]:
    """The builder of `kind`, whose payload a type checker holds to `shape`."""

    def build(*, ticket: Ticket, payload: Shape, **event: Unpack[EventFields]) -> Event:
        return _event_new(ticket=ticket, kind=kind, data=dict(cast(dict, payload)), **event)

    build.__doc__ = f"An unwritten {kind} event carrying a {shape.__name__}."
    return build


status_changed = _builder(EventKind.STATUS_CHANGED, StatusChanged)  # before/after: statuses
priority_changed = _builder(EventKind.PRIORITY_CHANGED, PriorityChanged)  # and priorities
tags_changed = _builder(EventKind.TAGS_CHANGED, TagsChanged)
merged = _builder(EventKind.MERGED, Merged)
workaround_given = _builder(EventKind.WORKAROUND_GIVEN, WorkaroundGiven)
cc_added = _builder(EventKind.CC_ADDED, CcAdded)
promise_changed = _builder(EventKind.PROMISE_CHANGED, PromiseChanged)
sla_changed = _builder(EventKind.SLA_CHANGED, SlaChanged)
delivery_failed = _builder(EventKind.DELIVERY_FAILED, DeliveryFailed)
escalated = _builder(EventKind.ESCALATED, Escalated)
rated = _builder(EventKind.RATED, Rated)
#: `after` names the incident linked, `before` the one unlinked.
incident_linked = _builder(EventKind.INCIDENT_LINKED, IncidentLinked)
goodwill_granted = _builder(EventKind.GOODWILL_GRANTED, GoodwillGranted)
