"""The tickets behind a figure, so a lead can open the ones a number is made of.

Each drill-down counts exactly what its figure counts (the same scope, period and
filters, the same selector underneath), optionally one bar of its chart.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.reports.figures import DURATION_EDGES, bucket_of
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.backlog import AGE_EDGES, backlog_tickets
from realdesk.reports.selectors.durations import ENDS, ticket_waits
from realdesk.reports.selectors.scope import team_check, tickets_q
from realdesk.sla.models import SLATarget
from realdesk.tickets.models import Ticket

#: A list longer than this is a query for the API, not a page to read.
SHOWN = 200
FIGURES = {
    "first_response": "Tickets first answered in the period, and how long the customer waited",
    "resolution": "Tickets solved in the period, and how long they took",
    "sla_missed": "Tickets with an SLA target missed in the period, and how long past it",
    "backlog": "Tickets open now, and how long since they were opened",
}

#: How many bars each figure's chart has, for the drill-downs of one bar.
BARS = {
    "first_response": len(DURATION_EDGES) + 1,
    "resolution": len(DURATION_EDGES) + 1,
    "backlog": len(AGE_EDGES) + 1,
}


@dataclass(frozen=True)
class Line:
    ticket: Ticket
    seconds: float


@dataclass(frozen=True)
class Drilldown:
    figure: str
    lines: list[Line]
    total: int


def drilldown(
    *, actor: User, flt: ReportFilter, figure: str, bucket: int | None, now: datetime
) -> Drilldown:
    """The tickets of `figure` (a key of FIGURES), longest first; `bucket` narrows to one
    bar of the figure's histogram (durations and backlog only)."""
    team_check(actor=actor, team_id=flt.team_id)
    if figure not in FIGURES:
        raise ApplicationError(f"No drill-down for {figure!r}.", code="unknown_figure")
    if bucket is not None and not 0 <= bucket < BARS.get(figure, 0):
        raise ApplicationError("That chart has no such bar.", code="unknown_bucket")
    if figure in ENDS:
        edges = [edge.total_seconds() for edge in DURATION_EDGES]
        found = {
            wait.ticket_id: wait.seconds
            for wait in ticket_waits(actor=actor, flt=flt, figure=figure)
            if bucket is None or bucket_of(wait.seconds, edges) == bucket
        }
    elif figure == "backlog":
        tickets = backlog_tickets(actor=actor, flt=flt, bucket=bucket, now=now)
        found = {pk: (now - opened).total_seconds() for pk, opened in tickets}
    else:
        found = _missed(actor, flt, now)
    longest = sorted(found, key=found.__getitem__, reverse=True)[:SHOWN]
    tickets = Ticket.objects.select_related("team").in_bulk(longest)
    return Drilldown(
        figure=figure,
        lines=[Line(tickets[pk], found[pk]) for pk in longest],
        total=len(found),
    )


def _missed(actor: User, flt: ReportFilter, now: datetime) -> dict[int, float]:
    """Per ticket, the longest a target missed in the period stayed unmet past its due
    instant (until it was met, or until now)."""
    rows = SLATarget.objects.filter(
        tickets_q(actor=actor, flt=flt, path="ticket"),
        Q(breached_at__gte=flt.since, breached_at__lt=flt.until),
    ).values_list("ticket_id", "breached_at", "achieved_at")
    past: dict[int, float] = {}
    for ticket_id, breached, achieved in rows:
        seconds = ((achieved or now) - breached).total_seconds()
        past[ticket_id] = max(past.get(ticket_id, 0.0), seconds)
    return past
