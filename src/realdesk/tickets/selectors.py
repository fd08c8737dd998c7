"""Reads of tickets, always scoped by what the asking agent may see."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from realdesk.accounts.models import Customer, CustomerIdentity, User
from realdesk.core.planner import id_list
from realdesk.tickets.choices import Direction, EventKind
from realdesk.tickets.events import Reassigned, payload_of
from realdesk.tickets.models import Attachment, Event, Message, Ticket
from realdesk.tickets.permissions import visible_tickets_q
from realdesk.tickets.search import best_hit, newest_matches, search_words, text_match


def ticket_list(*, actor: User) -> QuerySet[Ticket]:
    """Visible tickets, the customer who has waited longest for a human first."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor), merged_into__isnull=True)
        .select_related("customer", "owner", "team")
        .order_by(F("awaiting_reply_since").asc(nulls_last=True), "-updated_at", "-number")
    )


def ticket_get(*, actor: User, number: int) -> Ticket:
    """The ticket with this number if the actor may see it; Ticket.DoesNotExist otherwise,
    so a hidden ticket looks exactly like a missing one."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor))
        .select_related("customer", "customer__organization", "owner", "team", "merged_into")
        .get(number=number)
    )


def ticket_timeline(*, ticket: Ticket) -> QuerySet[Message]:
    return ticket.messages.select_related("author_agent", "author_customer").prefetch_related(
        "attachments"
    )


def ticket_history(*, ticket: Ticket) -> QuerySet[Event]:
    return ticket.events.select_related("actor", "actor_customer")


def ticket_reply_channel(*, ticket: Ticket) -> str:
    """Where the customer last was: the channel of their latest message on the ticket (the
    one it was opened on before they wrote), so that an answer goes where they are."""
    last = (
        ticket.messages.filter(direction=Direction.INBOUND)
        .order_by("-created_at", "-pk")
        .values_list("channel", flat=True)
        .first()
    )
    return last or ticket.channel


def ticket_cc_addresses(*, ticket: Ticket) -> list[str]:
    """Where the people the customer copied on the ticket get their copies, first copied
    first."""
    return list(ticket.ccs.values_list("address", flat=True))


def ticket_cc_includes(*, ticket: Ticket, customer: Customer) -> bool:
    """Whether the customer copied this person on the ticket."""
    return ticket.ccs.filter(customer=customer).exists()


def customer_other_tickets(*, actor: User, ticket: Ticket) -> QuerySet[Ticket]:
    """The customer's other tickets, so the agent remembers how it went last time."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor), customer=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .select_related("merged_into")  # its number, for "Merged into #N"
        .order_by("-created_at")
    )


def _customer_lookups(text: str) -> tuple[QuerySet, QuerySet]:
    """The ids of the customers whose name holds the text, and of those one of whose
    addresses does: two lookups, not one with an OR, so that PostgreSQL serves each from
    its own trigram index (accounts migration 0007); it serves an OR of a column and a
    subquery from neither."""
    named = Customer.objects.filter(name__icontains=text).values_list("pk", flat=True)
    addressed = CustomerIdentity.objects.filter(value__icontains=text)
    return named, addressed.values_list("customer", flat=True)


def _customer_matches(text: str) -> Q:
    """Tickets whose customer's name, or one of whose addresses, holds the text.
    PostgreSQL finds those customers through its trigram indexes; SQLite has none, so
    each lookup read every customer and address (12 ms at 33,000 customers, a third of a
    narrowed view): there each ticket the query leaves tests its own customer."""
    if connection.vendor == "postgresql":
        named, addressed = _customer_lookups(text)
        return Q(customer__in=named) | Q(customer__in=addressed)
    addresses = CustomerIdentity.objects.filter(customer=OuterRef("customer"))
    return Q(customer__name__icontains=text) | Q(Exists(addresses.filter(value__icontains=text)))


def ticket_search(
    *, actor: User, text: str, among: QuerySet[Ticket] | None = None
) -> QuerySet[Ticket]:
    """Visible tickets (of `among`, a view's, when given) that match the text: every word
    in the subject or in one message (full text, tickets/search.py), or the text in the
    customer's name or one of their addresses, or the ticket's number ("1234" or "#1234")."""
    text = text.strip()
    tickets = (Ticket.objects if among is None else among).filter(visible_tickets_q(actor))
    matches = _customer_matches(text)
    if words := search_words(text):
        matches |= text_match(words, among=tickets)
    if (number := text.removeprefix("#")).isdigit():
        matches |= Q(number=int(number))
    return tickets.filter(matches)


#: How many matches are ranked against each other: the desk's whole history can match
#: one word, and ranking all of it would take seconds.
SEARCH_CANDIDATES = 200
#: How many customers a text may match by name and by address on the search page: a text
#: as short as "an" is in most names, and their tickets would all be read to rank 200.
SEARCH_CUSTOMERS = 1000
#: How many matching rows the index hands over at a time while the search page looks
#: for the newest matches the actor may see.
SEARCH_BATCH = 1000


@dataclass(frozen=True)
class SearchResult:
    ticket: Ticket
    snippet: SafeString | None  # None: matched by number, customer name or address


def _newest_text_matches(*, actor: User, words: list[str]) -> set[int]:
    """The SEARCH_CANDIDATES visible tickets of the newest matching subjects, and those of
    the newest matching messages: the index walked newest first, a batch at a time, each
    batch's tickets scoped by what the actor may see, until enough are found. Sorting
    every visible match by its ticket's update to keep the newest cost 300 ms for a
    common word."""
    found: set[int] = set()
    for messages in (False, True):
        seen: set[int] = set()
        below = None
        while len(seen) < SEARCH_CANDIDATES:
            rows = newest_matches(words, messages=messages, below=below, limit=SEARCH_BATCH)
            tickets = {ticket for _, ticket in rows} - seen
            seen |= set(
                Ticket.objects.filter(
                    visible_tickets_q(actor), pk__in=id_list(tickets), merged_into__isnull=True
                ).values_list("pk", flat=True)
            )
            if len(rows) < SEARCH_BATCH:
                break
            below = rows[-1][0]
        found |= seen
    return found


def ticket_search_results(*, actor: User, text: str, limit: int = 50) -> list[SearchResult]:
    """The best matches among what the actor may see: the ticket with that number first,
    then by how well the words matched (a subject counts twice a body), then the rest of
    the matches (by customer) newest first; each with the passage that matched.

    The candidates are the tickets of the newest matching subjects and messages, the
    customers' tickets and the numbered one, each found through an index; the most
    recently updated SEARCH_CANDIDATES of them are ranked."""
    text = text.strip()
    words = search_words(text)
    visible = Ticket.objects.filter(visible_tickets_q(actor), merged_into__isnull=True)
    ids = _newest_text_matches(actor=actor, words=words) if words else set()
    # The customers first, as ids: the tickets are then read through their customer index
    # (a subquery left PostgreSQL testing every visible ticket against both lookups).
    named, addressed = _customer_lookups(text)
    customers = {*named[:SEARCH_CUSTOMERS], *addressed[:SEARCH_CUSTOMERS]}
    newest = visible.filter(customer__in=customers).order_by("-updated_at", "-pk")
    ids |= set(newest.values_list("pk", flat=True)[:SEARCH_CANDIDATES])
    number = text.removeprefix("#")
    if number.isdigit():
        ids |= set(visible.filter(number=int(number)).values_list("pk", flat=True))
    candidates = list(
        visible.filter(pk__in=id_list(ids))
        .order_by("-updated_at", "-pk")
        .values_list("pk", "number", "subject")[:SEARCH_CANDIDATES]
    )
    bodies: dict[int, list[str]] = {}
    messages = Message.objects.filter(ticket__in=id_list(pk for pk, _, _ in candidates))
    for ticket_id, body in messages.values_list("ticket", "body_text"):
        bodies.setdefault(ticket_id, []).append(body)
    hits = {
        pk: hit
        for pk, _, subject in candidates
        if (hit := best_hit(words, subject=subject, bodies=bodies.get(pk, [])))
    }

    def order(rank: int) -> tuple:
        pk, ticket_number, _ = candidates[rank]
        hit = hits.get(pk)
        return (str(ticket_number) != number, hit is None, -hit.score if hit else 0.0, rank)

    best = [candidates[rank][0] for rank in sorted(range(len(candidates)), key=order)[:limit]]
    tickets = Ticket.objects.select_related("customer", "owner", "team").in_bulk(best)
    return [SearchResult(tickets[pk], hits[pk].snippet if pk in hits else None) for pk in best]


def ticket_handoff(*, ticket: Ticket) -> Event | None:
    """The note of the transfer that gave the ticket its current owner or team, if the
    latest change of hands was a transfer: the next owner reads it before anything else."""
    last = (
        ticket.events.filter(kind__in=[EventKind.OWNER_CHANGED, EventKind.TEAM_CHANGED])
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    return last if last and payload_of(last, Reassigned).get("handoff") else None


def ticket_latest_event_id(*, ticket: Ticket) -> int:
    return ticket.events.order_by("-pk").values_list("pk", flat=True).first() or 0


def ticket_changes_since(*, ticket: Ticket, event_id: int, actor: User) -> QuerySet[Event]:
    """What others did to the ticket after the actor's page was rendered."""
    return (
        ticket.events.filter(pk__gt=event_id)
        .exclude(actor=actor)
        .select_related("actor", "actor_customer")
    )


def customer_letdowns(*, actor: User, customer_id: int, days: int = 90) -> QuerySet[Event]:
    """Recent times we let the customer down: a ticket we called solved that they had to
    reopen, a service level we missed, a bad rating; so the next agent takes extra care.
    Only on tickets the actor may see: another team's tickets stay theirs."""
    reopened = Q(kind=EventKind.STATUS_CHANGED, data__reopened=True)
    breached = Q(kind=EventKind.SLA_CHANGED, after="breached")
    rated_bad = Q(kind=EventKind.RATED, after="bad")
    return (
        Event.objects.filter(reopened | breached | rated_bad, ticket__customer=customer_id)
        .filter(ticket__in=Ticket.objects.filter(visible_tickets_q(actor)))
        .filter(created_at__gte=timezone.now() - timedelta(days=days))
        .select_related("ticket")
        .order_by("-created_at")
    )


def attachment_get(*, actor: User, pk: int) -> Attachment:
    """An attachment of a ticket the actor may see; Attachment.DoesNotExist otherwise."""
    return Attachment.objects.select_related("message__ticket").get(
        pk=pk, message__ticket__in=Ticket.objects.filter(visible_tickets_q(actor))
    )


def message_with_raw_get(*, actor: User, pk: int) -> Message:
    """A message that kept its original bytes, on a ticket the actor may see."""
    return Message.objects.select_related("raw", "ticket").get(
        pk=pk,
        raw__isnull=False,
        ticket__in=Ticket.objects.filter(visible_tickets_q(actor)),
    )
