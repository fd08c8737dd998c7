"""The report summary as the API shows it: each headline figure under its own name, with
`value` (the headline number) and `previous` (the same for the comparison period)."""

from datetime import date, datetime, timedelta
from itertools import pairwise

from django.utils import timezone
from ninja import Field, Schema
from pydantic import model_validator

from realdesk.api.v1.schemas.common import Id, Instant, Out
from realdesk.core.errors import ApplicationError
from realdesk.reports.figures import DURATION_EDGES, Distribution, rate
from realdesk.reports.periods import Period
from realdesk.reports.selectors import Summary
from realdesk.reports.selectors.backlog import AGE_EDGES
from realdesk.reports.selectors.touches import Share
from realdesk.tickets.choices import Channel

DEFAULT_SPAN = timedelta(days=28)


class SummaryQuery(Schema):
    since: Instant | None = Field(None, description="Start (ISO 8601); default 28 days back.")
    until: Instant | None = Field(None, description="End, exclusive (ISO 8601); default now.")
    team: Id | None = Field(None, description="Only this team's tickets.")
    channel: Channel | None = Field(None, description="Only tickets opened on this channel.")
    business_hours: bool = Field(
        True, description="Durations in open hours of each ticket's SLA calendar; false: 24/7."
    )

    @model_validator(mode="after")
    def _a_range(self) -> "SummaryQuery":
        """Fill the default range, and refuse a backwards or overlong one as a 422."""
        self.until = self.until or timezone.now()
        try:
            self.since = self.since or self.until - DEFAULT_SPAN
            Period.between(self.since, self.until)
        except OverflowError:
            raise ValueError("Choose a range after 1971.") from None
        except ApplicationError as error:
            raise ValueError(error.message) from None
        return self


class Bucket(Out):
    """One bar of a histogram: from_seconds <= x < to_seconds (to_seconds null: no end)."""

    from_seconds: float
    to_seconds: float | None
    count: int


class DurationOut(Out):
    count: int
    median_seconds: float | None
    p90_seconds: float | None
    histogram: list[Bucket]


class DurationFigure(DurationOut):
    value: float | None = Field(description="The median, in seconds.")
    previous: float | None
    by_channel: dict[str, DurationOut]


class Counted(Out):
    met: int
    missed: int
    rate: float | None


class TeamCounted(Counted):
    team: int | None


class AttainmentFigure(Out):
    value: float | None = Field(description="Met / (met + missed).")
    previous: float | None
    met: int
    missed: int
    by_metric: dict[str, Counted]
    by_team: list[TeamCounted]


class EtaFigure(Out):
    value: float | None
    previous: float | None
    settled: int
    met: int


class PromisesFigure(Out):
    value: float | None
    previous: float | None
    kept: int
    missed: int
    open: int


class CallbacksFigure(Out):
    value: float | None = Field(description="Kept / (kept + missed).")
    previous: float | None
    kept: int
    missed: int
    open: int
    wrong_number: int


class ReopenFigure(Out):
    value: float | None
    previous: float | None
    solved: int
    reopened: int


class CsatWeek(Out):
    week: date = Field(description="The Monday the week starts on (local time).")
    good: int
    bad: int
    rate: float | None


class CsatFigure(Out):
    value: float | None
    previous: float | None
    good: int
    bad: int
    by_week: list[CsatWeek]


class NpsWeek(Out):
    week: date
    promoters: int
    passives: int
    detractors: int
    score: float | None


class NpsFigure(Out):
    value: float | None = Field(description="Promoters minus detractors, -100 to 100.")
    previous: float | None
    promoters: int
    passives: int
    detractors: int
    by_week: list[NpsWeek]


class ShareFigure(Out):
    value: float | None = Field(description="part / solved.")
    previous: float | None
    solved: int
    part: int = Field(description="One-touch solves, or solves recontacted within 7 days.")


class CustomerWaitFigure(DurationOut):
    value: float | None = Field(description="Median over customer-days, in seconds.")
    previous: float | None
    by_channel_seconds: dict[str, float]


class ArrivalsFigure(Out):
    value: int = Field(description="Tickets opened in the period.")
    previous: int | None
    heatmap: list[list[int]] = Field(description="[weekday, Monday first][hour], local time.")
    by_channel: dict[str, int]


class Term(Out):
    query: str
    searches: int
    no_result: int


class Deflection(Out):
    article: str
    count: int


class SearchFigure(Out):
    value: float | None = Field(description="Searches that found nothing / searches.")
    previous: float | None
    searches: int
    no_result: int
    top_terms: list[Term]


class DeflectionFigure(Out):
    value: int
    previous: int | None
    by_article: list[Deflection]


class BacklogFigure(Out):
    value: int = Field(description="Open tickets now.")
    unowned: int
    by_age: list[Bucket] = Field(description="Open tickets by time since they were opened.")
    by_team: list[dict[str, int | None]]
    unowned_time: DurationOut = Field(description="Per open ticket, its time without owner.")


class SummaryOut(Out):
    since: datetime
    until: datetime
    previous_since: datetime
    previous_until: datetime
    team: int | None
    channel: str | None
    business_hours: bool
    first_response: DurationFigure
    resolution: DurationFigure
    sla_attainment: AttainmentFigure
    eta_met_rate: EtaFigure
    promises_kept_rate: PromisesFigure
    callbacks_kept_rate: CallbacksFigure
    reopen_rate: ReopenFigure
    csat: CsatFigure
    nps: NpsFigure
    one_touch_rate: ShareFigure
    recontact_rate: ShareFigure
    customer_wait: CustomerWaitFigure
    human_wait: DurationFigure
    arrivals: ArrivalsFigure
    no_result_rate: SearchFigure
    deflections: DeflectionFigure
    backlog: BacklogFigure


def _buckets(edges: tuple[timedelta, ...], counts: tuple[int, ...]) -> list[dict]:
    bounds = [0.0, *(edge.total_seconds() for edge in edges), None]
    return [
        {"from_seconds": low, "to_seconds": high, "count": count}
        for (low, high), count in zip(pairwise(bounds), counts, strict=True)
    ]


def _duration(figure: Distribution) -> dict:
    return {
        "count": figure.count,
        "median_seconds": figure.median,
        "p90_seconds": figure.p90,
        "histogram": _buckets(DURATION_EDGES, figure.buckets),
    }


def _counted(met: int, missed: int) -> dict:
    return {"met": met, "missed": missed, "rate": rate(met, met + missed)}


def _share(head: dict, share: Share) -> dict:
    return {**head, "solved": share.whole, "part": share.part}


def summary_out(summary: Summary) -> dict:
    """The Summary in the documented shape (docs/api.md)."""
    now, trends, flt = summary.current, summary.trends(), summary.flt
    period = flt.period

    def durations(name: str) -> dict:
        figure = getattr(now, name)
        return {
            **_duration(figure.overall),
            "value": trends[name].current,
            "previous": trends[name].previous,
            "by_channel": {ch: _duration(d) for ch, d in figure.by_channel.items()},
        }

    def head(name: str) -> dict:
        return {"value": trends[name].current, "previous": trends[name].previous}

    sla, backlog = now.sla_attainment, summary.backlog
    return {
        "since": period.since,
        "until": period.until,
        "previous_since": period.previous_since,
        "previous_until": period.previous_until,
        "team": flt.team_id,
        "channel": flt.channel,
        "business_hours": flt.business_hours,
        "first_response": durations("first_response"),
        "resolution": durations("resolution"),
        "sla_attainment": {
            **head("sla_attainment"),
            "met": sla.met,
            "missed": sla.missed,
            "by_metric": {metric: _counted(*pair) for metric, pair in sla.by_metric.items()},
            "by_team": [{"team": team, **_counted(*pair)} for team, pair in sla.by_team.items()],
        },
        "eta_met_rate": {**head("eta_met_rate"), **vars(now.eta_met_rate)},
        "promises_kept_rate": {**head("promises_kept_rate"), **vars(now.promises_kept_rate)},
        "callbacks_kept_rate": {**head("callbacks_kept_rate"), **vars(now.callbacks_kept_rate)},
        "reopen_rate": {**head("reopen_rate"), **vars(now.reopen_rate)},
        "csat": {
            **head("csat"),
            "good": now.csat.good,
            "bad": now.csat.bad,
            "by_week": [
                {"week": w.start, "good": w.good, "bad": w.bad, "rate": w.csat}
                for w in summary.weeks
            ],
        },
        "nps": {
            **head("nps"),
            **vars(now.nps.bands),
            "by_week": [
                {"week": w.start, **vars(w.bands), "score": w.bands.score} for w in summary.weeks
            ],
        },
        "one_touch_rate": _share(head("one_touch_rate"), now.one_touch_rate),
        "recontact_rate": _share(head("recontact_rate"), now.recontact_rate),
        "customer_wait": {
            **_duration(now.customer_wait.overall),
            **head("customer_wait"),
            "by_channel_seconds": now.customer_wait.by_channel,
        },
        "human_wait": durations("human_wait"),
        "arrivals": {
            **head("arrivals"),
            "heatmap": [list(hours) for hours in now.arrivals.heatmap],
            "by_channel": now.arrivals.by_channel,
        },
        "no_result_rate": {
            **head("no_result_rate"),
            "searches": now.knowledge.searches,
            "no_result": now.knowledge.no_result,
            "top_terms": [
                {"query": q, "searches": n, "no_result": empty}
                for q, n, empty in now.knowledge.top_terms
            ],
        },
        "deflections": {
            **head("deflections"),
            "by_article": [{"article": a, "count": n} for a, n in now.knowledge.deflections],
        },
        "backlog": {
            "value": backlog.open,
            "unowned": backlog.unowned,
            "by_age": _buckets(AGE_EDGES, backlog.by_age),
            "by_team": [{"team": team, "open": n} for team, n in backlog.by_team.items()],
            "unowned_time": _duration(summary.unowned),
        },
    }
