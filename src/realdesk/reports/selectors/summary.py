"""The headline figures of a report, each with the same figure for the comparison period."""

from dataclasses import dataclass
from datetime import datetime

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, Trend, distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors import service
from realdesk.reports.selectors.backlog import Backlog, backlog, unowned_time
from realdesk.reports.selectors.callbacks import CallbackOutcomes, callbacks_kept_rate
from realdesk.reports.selectors.durations import Durations, first_response, resolution
from realdesk.reports.selectors.first_human import human_wait
from realdesk.reports.selectors.knowledge import KnowledgeFigures, knowledge_figures
from realdesk.reports.selectors.outcomes import (
    Csat,
    NpsResult,
    Reopens,
    Week,
    csat,
    nps,
    reopen_rate,
    satisfaction_by_week,
)
from realdesk.reports.selectors.rollups import splits_shared
from realdesk.reports.selectors.scope import team_check
from realdesk.reports.selectors.touches import Share, one_touch, recontacts
from realdesk.reports.selectors.volume import Volume, arrivals
from realdesk.reports.selectors.waits import CustomerWaits, customer_waits


@dataclass(frozen=True)
class Headline:
    """The flow figures of one period."""

    first_response: Durations
    resolution: Durations
    sla_attainment: service.Attainment
    eta_met_rate: service.EtaHonesty
    promises_kept_rate: service.PromiseOutcomes
    callbacks_kept_rate: CallbackOutcomes
    reopen_rate: Reopens
    csat: Csat
    nps: NpsResult
    one_touch_rate: Share
    recontact_rate: Share
    customer_wait: CustomerWaits
    human_wait: Durations
    arrivals: Volume
    knowledge: KnowledgeFigures


def headline(*, actor: User, flt: ReportFilter) -> Headline:
    figures = {
        "first_response": first_response,
        "resolution": resolution,
        "sla_attainment": service.sla_attainment,
        "eta_met_rate": service.eta_met_rate,
        "promises_kept_rate": service.promises_kept_rate,
        "callbacks_kept_rate": callbacks_kept_rate,
        "reopen_rate": reopen_rate,
        "csat": csat,
        "nps": nps,
        "one_touch_rate": one_touch,
        "recontact_rate": recontacts,
        "customer_wait": customer_waits,
        "human_wait": human_wait,
        "arrivals": arrivals,
        "knowledge": knowledge_figures,
    }
    return Headline(**{name: figure(actor=actor, flt=flt) for name, figure in figures.items()})


@dataclass(frozen=True)
class Summary:
    flt: ReportFilter
    current: Headline
    previous: Headline
    backlog: Backlog
    #: How long the open tickets have gone without an owner, each.
    unowned: Distribution
    weeks: list[Week]
    #: How far off told ETAs were, per bucket of service.ETA_ERROR_EDGES.
    eta_errors: tuple[int, ...]
    #: How long missed SLA targets stayed unmet past their deadline, per ticket.
    sla_past: Distribution

    def trends(self) -> dict[str, Trend]:
        """Each headline number against the comparison period, by the figure's name."""
        now, then = self.current, self.previous
        return {
            "first_response": Trend(
                now.first_response.overall.median,
                then.first_response.overall.median,
                lower_is_better=True,
            ),
            "resolution": Trend(
                now.resolution.overall.median, then.resolution.overall.median, lower_is_better=True
            ),
            "sla_attainment": Trend(now.sla_attainment.rate, then.sla_attainment.rate),
            "eta_met_rate": Trend(now.eta_met_rate.rate, then.eta_met_rate.rate),
            "promises_kept_rate": Trend(now.promises_kept_rate.rate, then.promises_kept_rate.rate),
            "callbacks_kept_rate": Trend(
                now.callbacks_kept_rate.rate, then.callbacks_kept_rate.rate
            ),
            "reopen_rate": Trend(now.reopen_rate.rate, then.reopen_rate.rate, lower_is_better=True),
            "csat": Trend(now.csat.rate, then.csat.rate),
            "nps": Trend(now.nps.bands.score, then.nps.bands.score),
            "one_touch_rate": Trend(now.one_touch_rate.rate, then.one_touch_rate.rate),
            "recontact_rate": Trend(
                now.recontact_rate.rate, then.recontact_rate.rate, lower_is_better=True
            ),
            "customer_wait": Trend(
                now.customer_wait.overall.median,
                then.customer_wait.overall.median,
                lower_is_better=True,
            ),
            "human_wait": Trend(
                now.human_wait.overall.median,
                then.human_wait.overall.median,
                lower_is_better=True,
            ),
            "arrivals": Trend(now.arrivals.total, then.arrivals.total, judged=False),
            "no_result_rate": Trend(
                now.knowledge.no_result_rate, then.knowledge.no_result_rate, lower_is_better=True
            ),
            "deflections": Trend(now.knowledge.deflected, then.knowledge.deflected),
        }


def report_summary(*, actor: User, flt: ReportFilter, now: datetime) -> Summary:
    """Everything the report's head shows, for a team the actor may see (else refused)."""
    team_check(actor=actor, team_id=flt.team_id)
    with splits_shared():
        return Summary(
            flt=flt,
            current=headline(actor=actor, flt=flt),
            previous=headline(actor=actor, flt=flt.previous()),
            backlog=backlog(actor=actor, flt=flt, now=now),
            unowned=unowned_time(actor=actor, flt=flt, now=now),
            weeks=satisfaction_by_week(actor=actor, flt=flt),
            eta_errors=service.eta_errors(actor=actor, flt=flt),
            sla_past=distribution(
                list(service.missed_past(actor=actor, flt=flt, now=now).values())
            ),
        )
