"""The agents' inbox views: what each one holds and in which order, registered in one place.

Other domains add their views (the SLA engine's "At risk", "Promises due") with
`register_view` from their AppConfig.ready(); the console lists whatever is registered.
A view gives the live counts a `scope` an index finds (its open tickets, say), or they
read every ticket to count it.
Pages are cut by keyset (the sort value and the id of the last row), so page 200 costs
what page 1 costs and rows do not shift while the agent works down the list.
"""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.core.planner import jit_off
from realdesk.core.registry import Registry
from realdesk.tickets.choices import OPEN_STATUSES, EventKind, Status
from realdesk.tickets.models import Event, Ticket
from realdesk.tickets.permissions import visible_tickets_q
from realdesk.tickets.selectors import ticket_search

RECENTLY_SOLVED_DAYS = 7
PAGE_SIZE = 50


def tickets_of(rows: QuerySet) -> Q:
    """A view's scope from rows that point at tickets (promises due, pending callbacks):
    their tickets by id, found through the rows' own index, whatever the tickets' status."""
    return Q(pk__in=list(rows.values_list("ticket", flat=True)))


def earliest_of(rows: QuerySet, field: str) -> Subquery:
    """Each listed ticket's earliest `field` among `rows` (the column a view sorts by)."""
    return Subquery(
        rows.filter(ticket=OuterRef("pk"))
        .values("ticket")
        .annotate(first=Min(field))
        .values("first")
    )


def open_tickets(actor: User | None = None) -> Q:
    return Q(status__in=OPEN_STATUSES)


@dataclass(frozen=True)
class InboxView:
    slug: str
    label: str
    description: str
    position: int
    condition: Callable[[User], Q]
    order_field: str
    descending: bool = False
    # Values a view computes per ticket (name -> expression), e.g. when the next promise
    # is due; `order_field` may name one, and `column` shows one, a time: (header, name).
    annotations: Callable[[], dict[str, Any]] = dataclass_field(default=dict)
    column: tuple[str, str] | None = None
    # A superset of the view's tickets that an index finds (status, a date, ids): the live
    # counts read only the tickets of some view's scope instead of the whole history, which
    # is nearly all solved. None: the condition itself (always right, but a condition no
    # index serves makes the counts read every ticket again).
    scope: Callable[[User], Q] | None = None


@dataclass(frozen=True)
class TicketFilters:
    """What an agent narrowed a view down to; empty values do not filter."""

    status: str = ""
    priority: str = ""
    team: int | None = None
    owner: int | None = None
    unowned: bool = False
    channel: str = ""
    tag: str = ""
    language: str = ""
    text: str = ""


@dataclass(frozen=True)
class InboxPage:
    tickets: list[Ticket]
    next_cursor: str | None


_views: Registry[str, InboxView] = Registry("inbox views")


def register_view(view: InboxView) -> InboxView:
    return _views.register(view.slug, view)


def inbox_views() -> list[InboxView]:
    return sorted(_views.values(), key=lambda view: view.position)


def inbox_view(slug: str) -> InboxView | None:
    return _views.get(slug) if slug in _views else None


def _recently_solved() -> Q:
    return Q(
        status__in=[Status.SOLVED, Status.CLOSED],
        solved_at__gte=timezone.now() - timedelta(days=RECENTLY_SOLVED_DAYS),
    )


for _view in (
    InboxView(
        slug="unanswered",
        label=_("Unanswered"),
        description=_("Every customer waiting for a human, longest wait first."),
        position=10,
        condition=lambda actor: open_tickets() & Q(awaiting_reply_since__isnull=False),
        order_field="awaiting_reply_since",
        scope=open_tickets,
    ),
    InboxView(
        slug="mine",
        label=_("Mine"),
        description=_("Open tickets you own; customers waiting for you first."),
        position=20,
        condition=lambda actor: open_tickets() & Q(owner=actor),
        order_field="awaiting_reply_since",
        scope=open_tickets,
    ),
    InboxView(
        slug="team",
        label=_("My team"),
        description=_("Open tickets of your teams."),
        position=30,
        condition=lambda actor: open_tickets() & Q(team__in=actor.teams.values("pk")),
        order_field="awaiting_reply_since",
        scope=open_tickets,
    ),
    InboxView(
        slug="unowned",
        label=_("Unowned"),
        description=_("Open tickets nobody has taken yet, oldest first."),
        position=40,
        condition=lambda actor: open_tickets() & Q(owner__isnull=True),
        order_field="created_at",
        scope=open_tickets,
    ),
    InboxView(
        slug="pending",
        label=_("Pending customer"),
        description=_("Waiting on the customer, longest quiet first."),
        position=70,
        condition=lambda actor: Q(status=Status.PENDING),
        order_field="updated_at",
        scope=open_tickets,
    ),
    InboxView(
        slug="solved",
        label=_("Recently solved"),
        description=format_lazy(
            _("Solved in the last {days} days, latest first."), days=RECENTLY_SOLVED_DAYS
        ),
        position=80,
        condition=lambda actor: _recently_solved(),
        order_field="solved_at",
        descending=True,
    ),
):
    register_view(_view)


def _filters_q(filters: TicketFilters) -> Q:
    q = Q()
    for field in ("status", "priority", "channel", "language"):
        if value := getattr(filters, field):
            q &= Q(**{field: value})
    if filters.team is not None:
        q &= Q(team=filters.team)
    if filters.owner is not None:
        q &= Q(owner=filters.owner)
    if filters.unowned:
        q &= Q(owner__isnull=True)
    if filters.tag:
        q &= Q(tags__name=filters.tag)
    return q


def inbox_tickets(*, actor: User, view: InboxView, filters: TicketFilters) -> QuerySet[Ticket]:
    """The view's tickets the actor may see, narrowed by the filters, in the view's order.
    The search scopes its tickets to the actor itself (into its text match's subqueries
    too), so the view leaves that to it when narrowed by text."""
    tickets = Ticket.objects.filter(view.condition(actor), _filters_q(filters)).filter(
        merged_into__isnull=True
    )
    if filters.text:
        tickets = ticket_search(actor=actor, text=filters.text, among=tickets)
    else:
        tickets = tickets.filter(visible_tickets_q(actor))
    tickets = tickets.annotate(**view.annotations())
    key = F(view.order_field)
    order = key.desc(nulls_last=True) if view.descending else key.asc(nulls_last=True)
    return tickets.order_by(order, "-pk" if view.descending else "pk")


def _encode(ticket: Ticket, field: str) -> str:
    value = getattr(ticket, field)
    return f"{value.isoformat() if value else ''}~{ticket.pk}"


def _after(view: InboxView, cursor: str) -> Q:
    """Rows after the cursor in the view's order; nulls sort last in every view."""
    raw_value, _, raw_pk = cursor.rpartition("~")
    value: datetime | None = parse_datetime(raw_value) if raw_value else None
    if not raw_pk.isdigit() or (raw_value and value is None):
        raise ApplicationError(
            gettext("That page link is not valid; start from the top."), code="cursor"
        )
    field, pk = view.order_field, int(raw_pk)
    past = "lt" if view.descending else "gt"
    if value is None:
        return Q(**{f"{field}__isnull": True, f"pk__{past}": pk})
    return (
        Q(**{f"{field}__{past}": value})
        | Q(**{field: value, f"pk__{past}": pk})
        | Q(**{f"{field}__isnull": True})
    )


def inbox_page(
    *,
    actor: User,
    view: InboxView,
    filters: TicketFilters,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> InboxPage:
    """One page of a view, with how long each unowned ticket has gone without an owner."""
    tickets = inbox_tickets(actor=actor, view=view, filters=filters)
    if cursor:
        tickets = tickets.filter(_after(view, cursor))
    last_owner_change = (
        Event.objects.filter(ticket=OuterRef("pk"), kind=EventKind.OWNER_CHANGED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = list(
        tickets.select_related("customer", "owner", "team").annotate(
            unowned_since=Coalesce(Subquery(last_owner_change), "created_at")
        )[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]
    return InboxPage(
        tickets=rows, next_cursor=_encode(rows[-1], view.order_field) if more else None
    )


def inbox_counts(*, actor: User) -> dict[str, int]:
    """Live counts of every view in one query, over the tickets of some view's scope (a
    few index scans, not the whole table; without JIT: see core/planner.py). The scopes
    are read before the conditions, so a scope's "now" is never later than its view's."""
    views = inbox_views()
    scopes = dict.fromkeys(
        view.scope(actor) if view.scope else view.condition(actor) for view in views
    )
    tickets = Ticket.objects.filter(visible_tickets_q(actor), merged_into__isnull=True)
    if all(scopes):  # an empty Q is every ticket: nothing left to narrow
        tickets = tickets.filter(reduce(or_, scopes))
    with jit_off():
        counts = tickets.aggregate(
            **{view.slug: Count("pk", filter=view.condition(actor)) for view in views}
        )
    return {slug: counts[slug] or 0 for slug in counts}
