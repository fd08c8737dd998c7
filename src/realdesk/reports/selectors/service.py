"""Whether we kept our word: SLA targets, the ETAs we told customers, our promises.

Moved here from sla/selectors.py: they are reports' figures, and they now answer for a
period, a team and a channel rather than "since".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, DateTimeField, F, Max, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import histogram, rate
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.rollups import report_split, rollup_rows
from realdesk.reports.selectors.scope import tickets_q
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.models import EtaPrediction, Promise, SLATarget


@dataclass(frozen=True)
class Attainment:
    """Met and missed targets, per metric and per team (None: no team)."""

    met: int
    missed: int
    by_metric: dict[str, tuple[int, int]]
    by_team: dict[int | None, tuple[int, int]]

    @property
    def rate(self) -> float | None:
        return rate(self.met, self.met + self.missed)


def decided_q(since: datetime, until: datetime) -> tuple[Q, Q]:
    """SLA targets met and missed in [since, until): met when the clock stopped in time
    within it, missed when the deadline passed within it, answered since or not."""
    met = Q(breached_at__isnull=True, achieved_at__gte=since, achieved_at__lt=until)
    return met, Q(breached_at__gte=since, breached_at__lt=until)


def sla_attainment(*, actor: User, flt: ReportFilter) -> Attainment:
    """A target is met in the period when its clock stopped in time within it, and missed
    when its deadline passed within it, answered since or not: a breach counts in the
    week it happened, not in the week someone finally replied."""
    split = report_split(actor=actor, flt=flt)
    counted: list[tuple[str, int | None, int, int]] = [
        (metric, team, met, missed)
        for team, decided in rollup_rows(split=split, flt=flt).values_list("team", "sla")
        for metric, (met, missed) in decided.items()
    ]
    for part in split.gaps:
        scope = SLATarget.objects.filter(tickets_q(actor=actor, flt=part, path="ticket"))
        # Met and missed apart, each by the range of its own indexed instant: with
        # `breached_at IS NULL` in the WHERE, SQLite without statistics reads that index,
        # which holds nearly every target.
        met = (
            scope.filter(achieved_at__gte=part.since, achieved_at__lt=part.until)
            .values_list("metric", "ticket__team")
            .annotate(n=Count("pk", filter=Q(breached_at=None)))
            .order_by()
        )
        missed = (
            scope.filter(breached_at__gte=part.since, breached_at__lt=part.until)
            .values_list("metric", "ticket__team")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counted += [(metric, team, n, 0) for metric, team, n in met]
        counted += [(metric, team, 0, n) for metric, team, n in missed]
    by_metric: dict[str, tuple[int, int]] = {}
    by_team: dict[int | None, tuple[int, int]] = {}
    for metric, team, met, missed in counted:
        for table, key in ((by_metric, metric), (by_team, team)):
            was_met, was_missed = table.get(key, (0, 0))
            table[key] = (was_met + met, was_missed + missed)
    return Attainment(
        met=sum(row[2] for row in counted),
        missed=sum(row[3] for row in counted),
        by_metric=by_metric,
        by_team=by_team,
    )


@dataclass(frozen=True)
class EtaHonesty:
    settled: int
    met: int

    @property
    def rate(self) -> float | None:
        return rate(self.met, self.settled)


def eta_met_rate(*, actor: User, flt: ReportFilter) -> EtaHonesty:
    """Of the ETAs told in the period whose time has come, the share answered in time.

    A well-calibrated ETA is met nearly always; a low share means we tell customers
    times we do not keep. ETAs still in the future and unanswered are left out.
    """
    settled = EtaPrediction.objects.filter(
        tickets_q(actor=actor, flt=flt, path="ticket"),
        Q(ticket__first_response_at__isnull=False) | Q(eta__lte=timezone.now()),
        made_at__gte=flt.since,
        made_at__lt=flt.until,
    )
    counts = settled.aggregate(
        settled=Count("pk"), met=Count("pk", filter=Q(ticket__first_response_at__lte=F("eta")))
    )
    return EtaHonesty(**counts)


@dataclass(frozen=True)
class PromiseOutcomes:
    kept: int
    missed: int
    open: int

    @property
    def rate(self) -> float | None:
        """Kept of those decided: an open promise is neither kept nor missed yet."""
        return rate(self.kept, self.kept + self.missed)


def promises_kept_rate(*, actor: User, flt: ReportFilter) -> PromiseOutcomes:
    """Promises made in the period, by what became of them; one released (the ticket was
    solved without that update) was neither kept nor missed, and is not counted."""
    counts = dict.fromkeys([PromiseStatus.KEPT, PromiseStatus.MISSED, PromiseStatus.OPEN], 0)
    rows = (
        Promise.objects.filter(
            tickets_q(actor=actor, flt=flt, path="ticket"),
            made_at__gte=flt.since,
            made_at__lt=flt.until,
            status__in=list(counts),
        )
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update({row["status"]: row["n"] for row in rows})
    return PromiseOutcomes(**counts)


#: Edges of the ETA error histogram, in hours: answered more than a day early ... more
#: than a day late. 0 splits early (kept) from late (missed).
ETA_ERROR_EDGES: tuple[timedelta, ...] = tuple(
    timedelta(hours=h) for h in (-24, -4, -1, 0, 1, 4, 24)
)


def eta_errors(*, actor: User, flt: ReportFilter) -> tuple[int, ...]:
    """How far off the told ETAs were: first answer minus told ETA, for the ETAs told in the
    period and answered; negative is early. A good ETA is a little early, never late."""
    rows = EtaPrediction.objects.filter(
        tickets_q(actor=actor, flt=flt, path="ticket"),
        ticket__first_response_at__isnull=False,
        made_at__gte=flt.since,
        made_at__lt=flt.until,
    ).values_list("ticket__first_response_at", "eta")
    edges = [edge.total_seconds() for edge in ETA_ERROR_EDGES]
    return histogram([(answered - eta).total_seconds() for answered, eta in rows], edges)


def missed_past(*, actor: User, flt: ReportFilter, now: datetime) -> dict[int, float]:
    """Per ticket, the longest an SLA target missed in the period stayed unmet past its due
    instant (until it was met, or until now): how long past, not only whether. Worked out
    per ticket in the database: at a million tickets a month holds tens of thousands of
    missed targets, whose two instants each cost more to parse than the answer."""
    until_met = Coalesce("achieved_at", Value(now, output_field=DateTimeField()))
    longest = (
        SLATarget.objects.filter(
            tickets_q(actor=actor, flt=flt, path="ticket"),
            breached_at__gte=flt.since,
            breached_at__lt=flt.until,
        )
        .values("ticket_id")
        .annotate(past=Max(until_met - F("breached_at")))
        .order_by()
        .values_list("ticket_id", "past")
    )
    return {ticket_id: past.total_seconds() for ticket_id, past in longest}
