"""The tickets behind a figure, so a lead can open the ones a number is made of.

Each drill-down counts exactly what its figure counts (the same scope, period and
filters, the same selector underneath), optionally one bar of its chart.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext, gettext_lazy

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.reports.figures import DURATION_EDGES, bucket_of
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.backlog import AGE_EDGES, backlog_tickets, unowned_times
from realdesk.reports.selectors.callbacks import callbacks_missed
from realdesk.reports.selectors.durations import ENDS, ticket_waits
from realdesk.reports.selectors.first_human import human_wait_tickets
from realdesk.reports.selectors.scope import team_check
from realdesk.reports.selectors.service import missed_past
from realdesk.reports.selectors.touches import recontacted, solved_in
from realdesk.tickets.models import Ticket

#: A list longer than this is a query for the API, not a page to read.
SHOWN = 200
FIGURES = {
    "first_response": gettext_lazy(
        "Tickets first answered in the period, and how long the customer waited"
    ),
    "resolution": gettext_lazy("Tickets solved in the period, and how long they took"),
    "sla_missed": gettext_lazy(
        "Tickets with an SLA target missed in the period, and how long past it"
    ),
    "backlog": gettext_lazy("Tickets open now, and how long since they were opened"),
    "recontact": gettext_lazy(
        "Tickets solved in the period whose customer came back about the same issue"
    ),
    "callbacks_missed": gettext_lazy(
        "Tickets with a callback missed in the period, and how long past its "
        "window the customer was reached (or until now)"
    ),
    "human_wait": gettext_lazy(
        "Tickets first answered by a person in the period, and how long the customer "
        "waited for that, queues included"
    ),
    "unowned": gettext_lazy("Tickets open now, and how long each has spent without an owner"),
}

#: How many bars each figure's chart has, for the drill-downs of one bar.
BARS = {
    "first_response": len(DURATION_EDGES) + 1,
    "resolution": len(DURATION_EDGES) + 1,
    "sla_missed": len(DURATION_EDGES) + 1,
    "backlog": len(AGE_EDGES) + 1,
    "human_wait": len(DURATION_EDGES) + 1,
    "unowned": len(DURATION_EDGES) + 1,
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
        raise ApplicationError(
            gettext("No drill-down for %(figure)r.") % {"figure": figure}, code="unknown_figure"
        )
    if bucket is not None and not 0 <= bucket < BARS.get(figure, 0):
        raise ApplicationError(gettext("That chart has no such bar."), code="unknown_bucket")
    if figure == "backlog":
        tickets = backlog_tickets(actor=actor, flt=flt, bucket=bucket, now=now)
        found = {pk: (now - opened).total_seconds() for pk, opened in tickets}
    elif figure == "recontact":
        found = _recontacted(actor, flt)
    elif figure == "callbacks_missed":
        found = callbacks_missed(actor=actor, flt=flt, now=now)
    else:
        found = _timed(actor, flt, figure, now)
        edges = [edge.total_seconds() for edge in DURATION_EDGES]
        if bucket is not None:
            found = {pk: s for pk, s in found.items() if bucket_of(s, edges) == bucket}
    longest = sorted(found, key=found.__getitem__, reverse=True)[:SHOWN]
    tickets = Ticket.objects.select_related("team").in_bulk(longest)
    return Drilldown(
        figure=figure,
        lines=[Line(tickets[pk], found[pk]) for pk in longest],
        total=len(found),
    )


def _timed(actor: User, flt: ReportFilter, figure: str, now: datetime) -> dict[int, float]:
    """{ticket: seconds} of a figure drawn as a DURATION_EDGES histogram."""
    if figure in ENDS:
        waits = ticket_waits(actor=actor, flt=flt, figure=figure)
        return {wait.ticket_id: wait.seconds for wait in waits}
    if figure == "human_wait":
        return human_wait_tickets(actor=actor, flt=flt)
    if figure == "unowned":
        return unowned_times(actor=actor, flt=flt, now=now)
    return missed_past(actor=actor, flt=flt, now=now)


def _recontacted(actor: User, flt: ReportFilter) -> dict[int, float]:
    """The recontacted solves, with their resolution time (calendar or business)."""
    back = {pk for pk, _, _ in recontacted(solved_in(actor=actor, flt=flt))}
    waits = ticket_waits(actor=actor, flt=flt, figure="resolution")
    return {wait.ticket_id: wait.seconds for wait in waits if wait.ticket_id in back}
