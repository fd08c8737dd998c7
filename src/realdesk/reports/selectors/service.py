"""Whether we kept our word: SLA targets, the ETAs we told customers, our promises.

Moved here from sla/selectors.py: they are reports' figures, and they now answer for a
period, a team and a channel rather than "since".
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import rate
from realdesk.reports.filters import ReportFilter
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


def sla_attainment(*, actor: User, flt: ReportFilter) -> Attainment:
    """A target is met in the period when its clock stopped in time within it, and missed
    when its deadline passed within it, answered since or not: a breach counts in the
    week it happened, not in the week someone finally replied."""
    met_q = Q(breached_at__isnull=True, achieved_at__gte=flt.since, achieved_at__lt=flt.until)
    missed_q = Q(breached_at__gte=flt.since, breached_at__lt=flt.until)
    rows = list(
        SLATarget.objects.filter(tickets_q(actor=actor, flt=flt, path="ticket"), met_q | missed_q)
        .values("metric", "ticket__team")
        .annotate(met=Count("pk", filter=met_q), missed=Count("pk", filter=missed_q))
        .order_by()
    )
    by_metric: dict[str, tuple[int, int]] = {}
    by_team: dict[int | None, tuple[int, int]] = {}
    for row in rows:
        for table, key in ((by_metric, row["metric"]), (by_team, row["ticket__team"])):
            met, missed = table.get(key, (0, 0))
            table[key] = (met + row["met"], missed + row["missed"])
    return Attainment(
        met=sum(row["met"] for row in rows),
        missed=sum(row["missed"] for row in rows),
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
