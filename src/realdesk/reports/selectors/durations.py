"""How long customers waited: for the first human answer, and until the ticket was solved.

Business time is counted on each ticket's own calendar, the one its SLA policy used
(a ticket with no policy, or a 24/7 one, counts plain elapsed time, as its clocks did),
so a Friday-evening email answered on Monday morning reads as the minutes the team was
open, across weekends, holidays and DST changes alike.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, tally_distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.rollups import report_split, rolled_durations
from realdesk.reports.selectors.scope import tickets_q
from realdesk.sla import calendars
from realdesk.sla.choices import Metric
from realdesk.sla.engine import ZERO
from realdesk.sla.models import BusinessCalendar, SLATarget
from realdesk.sla.policies import ALWAYS_OPEN, calendar_of
from realdesk.tickets.models import Ticket


@dataclass(frozen=True)
class Durations:
    overall: Distribution
    by_channel: dict[str, Distribution]


@dataclass(frozen=True)
class Wait:
    """One ticket's wait for one figure, in seconds (business or calendar time)."""

    ticket_id: int
    team_id: int | None
    channel: str
    seconds: float


#: Which instant ends the wait of each figure, and which SLA clock's calendar measures it.
ENDS = {
    "first_response": ("first_response_at", Metric.FIRST_RESPONSE),
    "resolution": ("solved_at", Metric.RESOLUTION),
}


def first_response(*, actor: User, flt: ReportFilter) -> Durations:
    """Tickets first answered in the period: from opening to the first agent reply."""
    return durations_summarise(duration_tallies(actor, flt, "first_response"))


def resolution(*, actor: User, flt: ReportFilter) -> Durations:
    """Tickets solved in the period (and not reopened since): from opening to the solve,
    including time spent waiting on the customer, because the customer lived through it."""
    return durations_summarise(duration_tallies(actor, flt, "resolution"))


def ticket_waits(*, actor: User, flt: ReportFilter, figure: str) -> list[Wait]:
    """Each counted ticket's wait: the rows behind a duration figure (and its drill-down)."""
    end, _ = ENDS[figure]
    counted = Q(**{f"{end}__gte": flt.since, f"{end}__lt": flt.until})
    tickets = Ticket.objects.filter(tickets_q(actor=actor, flt=flt), counted)
    return waits_measure(tickets, figure=figure, business_hours=flt.business_hours)


def waits_measure(tickets: QuerySet[Ticket], *, figure: str, business_hours: bool) -> list[Wait]:
    """The wait of each of `tickets` for `figure`; the daily rollup measures with it too."""
    end, metric = ENDS[figure]
    rows = list(tickets.values_list("pk", "team_id", "channel", "created_at", end))
    zones = _calendars(tickets, metric) if business_hours else {}
    return [
        Wait(pk, team, channel, _between(zones.get(pk, ALWAYS_OPEN), start, stop).total_seconds())
        for pk, team, channel, start, stop in rows
    ]


def duration_tallies(actor: User, flt: ReportFilter, figure: str) -> dict[str, Counter]:
    """Per channel, {seconds: tickets}: rolled-up days plus the rest read live."""
    split = report_split(actor=actor, flt=flt)
    tallies = rolled_durations(split=split, flt=flt, figure=figure)
    for part in split.gaps:
        for wait in ticket_waits(actor=actor, flt=part, figure=figure):
            tallies[wait.channel][wait.seconds] += 1
    return tallies


def durations_summarise(tallies: dict[str, Counter]) -> Durations:
    return Durations(
        overall=tally_distribution(sum(tallies.values(), Counter())),
        by_channel={channel: tally_distribution(tally) for channel, tally in tallies.items()},
    )


def _between(calendar: calendars.BusinessCalendar, start: datetime, stop: datetime) -> timedelta:
    """Never negative: an imported history may carry an answer stamped before its ticket."""
    return max(calendar.between(start, stop), ZERO)


def _calendars(tickets, metric: str) -> dict[int, calendars.BusinessCalendar]:
    """Each ticket's calendar, by the policy of its first clock of `metric`, in two reads."""
    pairs = list(
        SLATarget.objects.filter(ticket__in=tickets.values("pk"), metric=metric, cycle=1)
        .exclude(policy__calendar=None)
        .values_list("ticket_id", "policy__calendar_id")
    )
    stored = BusinessCalendar.objects.in_bulk({calendar_id for _, calendar_id in pairs})
    return {ticket_id: calendar_of(stored[calendar_id]) for ticket_id, calendar_id in pairs}
