"""What is still open now, by how long it has been open and by who holds it."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from django.db.models import Count, Q

from realdesk.accounts.models import User
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.scope import tickets_q
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.models import Ticket

#: Age buckets of the backlog, upper edges; the last bucket is open-ended.
AGE_EDGES: tuple[timedelta, ...] = tuple(timedelta(days=d) for d in (1, 3, 7, 30))


@dataclass(frozen=True)
class Backlog:
    open: int
    unowned: int
    by_age: tuple[int, ...]
    by_team: dict[int | None, int]


def backlog(*, actor: User, flt: ReportFilter, now: datetime) -> Backlog:
    """Open tickets (new, open, pending, on hold) at `now`, whatever the period: a
    backlog is a state, not a flow, and the period only narrows the other figures.

    Counted in the database (one row per team), as a backlog can be tens of thousands."""
    tickets = _open(actor, flt)
    # Opened after each boundary, newest boundary first: younger than 1 d, than 3 d, ...
    younger = {
        f"younger_{i}": Count("pk", filter=Q(created_at__gt=now - edge))
        for i, edge in enumerate(AGE_EDGES)
    }
    rows = list(
        tickets.values("team_id")
        .annotate(n=Count("pk"), unowned=Count("pk", filter=Q(owner=None)), **younger)
        .order_by()
    )
    cumulative = [sum(row[key] for row in rows) for key in younger]
    total = sum(row["n"] for row in rows)
    bounds = [0, *cumulative, total]
    return Backlog(
        open=total,
        unowned=sum(row["unowned"] for row in rows),
        by_age=tuple(high - low for low, high in pairwise(bounds)),
        by_team={row["team_id"]: row["n"] for row in rows},
    )


def _open(actor: User, flt: ReportFilter):
    return Ticket.objects.filter(
        tickets_q(actor=actor, flt=flt), status__in=OPEN_STATUSES, merged_into=None
    )


def backlog_tickets(
    *, actor: User, flt: ReportFilter, bucket: int | None, now: datetime
) -> list[tuple[int, datetime]]:
    """(id, opened at) of the open tickets, optionally of one age bucket of `backlog`."""
    tickets = _open(actor, flt)
    if bucket is not None:
        bounds = [None, *AGE_EDGES, None]
        older, younger = bounds[bucket], bounds[bucket + 1]
        if older is not None:
            tickets = tickets.filter(created_at__lte=now - older)
        if younger is not None:
            tickets = tickets.filter(created_at__gt=now - younger)
    return list(tickets.values_list("pk", "created_at"))
