"""Every figure as a table: what the page shows beside each chart and what CSV exports,
from one definition so the two never disagree."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from realdesk.reports.definitions import DEFINITIONS
from realdesk.reports.figures import DURATION_EDGES, Distribution, bucket_labels, rate
from realdesk.reports.selectors.backlog import AGE_EDGES
from realdesk.reports.selectors.drilldown import FIGURES, Drilldown
from realdesk.reports.selectors.outcomes import Comment, Week
from realdesk.reports.selectors.summary import Summary
from realdesk.sla.choices import Metric
from realdesk.tickets.choices import Channel

Cell = str | int | float | datetime | None


@dataclass(frozen=True)
class Column:
    title: str
    #: "text", "count", "duration" (seconds), "rate" (0-1), "score" or "instant".
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]
    #: The drill-down (a key of selectors.drilldown.FIGURES) behind each row, one bar each.
    drill: str | None = None


ATTAINMENT = Column(gettext_lazy("Attainment"), "rate")
RATE = Column(gettext_lazy("Share"), "rate")
WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
#: "more than 1 d early", ..., "more than 1 d late", from service.ETA_ERROR_EDGES.
ETA_ERROR_LABELS = (
    gettext_lazy("> 24 h early"),
    gettext_lazy("4-24 h early"),
    gettext_lazy("1-4 h early"),
    gettext_lazy("< 1 h early"),
    gettext_lazy("< 1 h late"),
    gettext_lazy("1-4 h late"),
    gettext_lazy("4-24 h late"),
    gettext_lazy("> 24 h late"),
)


def _histogram(name: str, title: str, figure: Distribution, drill: str = "") -> Table:
    return Table(
        name,
        title,
        (Column(_("Time")), Column(_("Tickets"), "count")),
        list(zip(bucket_labels(DURATION_EDGES), figure.buckets, strict=True)),
        drill=drill or name,
    )


def _per_channel(name: str, title: str, by_channel: dict[str, Distribution]) -> Table:
    labels = dict(Channel.choices)
    return Table(
        name,
        title,
        (
            Column(_("Channel")),
            Column(_("Tickets"), "count"),
            Column(_("Median"), "duration"),
            Column(_("90th percentile"), "duration"),
        ),
        [
            (labels.get(channel, channel), d.count, d.median, d.p90)
            for channel, d in sorted(by_channel.items())
        ],
    )


def _weekly(weeks: list[Week]) -> Table:
    return Table(
        "satisfaction_by_week",
        _("Satisfaction by week"),
        (
            Column(_("Week of")),
            Column(_("Good"), "count"),
            Column(_("Bad"), "count"),
            Column(_("CSAT"), "rate"),
            Column(_("NPS answers"), "count"),
            Column(_("NPS"), "score"),
        ),
        [
            (w.start.isoformat(), w.good, w.bad, w.csat, w.bands.answers, w.bands.score)
            for w in weeks
        ],
    )


def _comments(name: str, title: str, comments: list[Comment]) -> Table:
    return Table(
        name,
        title,
        (
            Column(_("Ticket")),
            Column(_("Score")),
            Column(_("Comment")),
            Column(_("When"), "instant"),
        ),
        [(f"#{c.ticket_number}", c.score, c.text, c.at) for c in comments],
    )


def _attainment(name: str, title: str, by: str, counts: dict, label: Callable[[Any], str]) -> Table:
    return Table(
        name,
        title,
        (Column(by), Column(_("Met"), "count"), Column(_("Missed"), "count"), ATTAINMENT),
        [(label(key), met, lost, rate(met, met + lost)) for key, (met, lost) in counts.items()],
    )


def _ages(name: str, title: str, by: str, ages: dict, label: Callable[[Any], str]) -> Table:
    return Table(
        name,
        title,
        (
            Column(by),
            *(
                Column(_("Open %(age)s") % {"age": age}, "count")
                for age in bucket_labels(AGE_EDGES)
            ),
        ),
        sorted((label(key), *counts) for key, counts in ages.items()),
    )


def report_tables(
    summary: Summary, *, teams: dict[int, str], owners: dict[int, str] | None = None
) -> dict[str, Table]:
    """The tables of a report by name (the name is the CSV's file name). `teams` and
    `owners` name the team and agent ids that appear, so the tables never look one up on
    their own."""
    now = summary.current
    trends = summary.trends()
    metrics = dict(Metric.choices)
    channels = dict(Channel.choices)

    def team_name(team_id: int | None) -> str:
        return teams.get(team_id, "(no team)") if team_id else _("(no team)")

    def owner_name(owner_id: int | None) -> str:
        return (owners or {}).get(owner_id, "(unknown)") if owner_id else _("(unowned)")

    callbacks = now.callbacks_kept_rate

    tables = [
        Table(
            "headline",
            _("Headline figures"),
            (
                Column(_("Figure")),
                Column(_("This period")),
                Column(_("Previous period")),
                Column(_("Unit")),
            ),
            [(name, t.current, t.previous, DEFINITIONS[name].unit) for name, t in trends.items()]
            + [("backlog", summary.backlog.open, None, "count")],
        ),
        _histogram("first_response", _("First response times"), now.first_response.overall),
        _per_channel(
            "first_response_by_channel",
            _("First response by channel"),
            now.first_response.by_channel,
        ),
        _histogram("resolution", _("Resolution times"), now.resolution.overall),
        _per_channel(
            "resolution_by_channel", _("Resolution by channel"), now.resolution.by_channel
        ),
        _attainment(
            "sla_by_team",
            _("SLA attainment by team"),
            _("Team"),
            now.sla_attainment.by_team,
            team_name,
        ),
        _attainment(
            "sla_by_target",
            _("SLA attainment by target"),
            _("Target"),
            now.sla_attainment.by_metric,
            lambda m: metrics.get(m, m),
        ),
        Table(
            "backlog_by_age",
            _("Backlog by age"),
            (Column(_("Open for")), Column(_("Tickets"), "count")),
            list(zip(bucket_labels(AGE_EDGES), summary.backlog.by_age, strict=True)),
            drill="backlog",
        ),
        Table(
            "backlog_by_team",
            _("Backlog by team"),
            (Column(_("Team")), Column(_("Open tickets"), "count")),
            [(team_name(team), n) for team, n in summary.backlog.by_team.items()],
        ),
        _ages(
            "backlog_team_ages",
            _("Backlog by team and age"),
            _("Team"),
            summary.backlog.team_ages,
            team_name,
        ),
        _ages(
            "backlog_by_owner",
            _("Backlog by owner and age"),
            _("Owner"),
            summary.backlog.owner_ages,
            owner_name,
        ),
        _histogram(
            "unowned_time",
            _("How long open tickets have gone without an owner"),
            summary.unowned,
            drill="unowned",
        ),
        Table(
            "callbacks",
            _("Callbacks by what became of their window"),
            (Column(_("Callbacks")), Column(_("Count"), "count")),
            [
                (_("Kept: reached within the window"), callbacks.kept),
                (_("Missed: the window passed"), callbacks.missed),
                (_("Window still running"), callbacks.open),
                (_("Wrong number"), callbacks.wrong_number),
            ],
        ),
        _histogram("human_wait", _("Wait for a person, queues included"), now.human_wait.overall),
        _per_channel(
            "human_wait_by_channel", _("Wait for a person by channel"), now.human_wait.by_channel
        ),
        _weekly(summary.weeks),
        _histogram(
            "sla_past",
            _("How long past the deadline missed targets stayed"),
            summary.sla_past,
            drill="sla_missed",
        ),
        Table(
            "eta_errors",
            _("ETA error: first answer minus the told time"),
            (Column(_("Answered")), Column(_("Acknowledgements"), "count")),
            list(zip(ETA_ERROR_LABELS, summary.eta_errors, strict=True)),
        ),
        Table(
            "returns",
            _("Solved once, or back again"),
            (
                Column(_("Figure")),
                Column(_("Solved"), "count"),
                Column(_("Tickets"), "count"),
                RATE,
            ),
            [
                (
                    _("One-touch"),
                    now.one_touch_rate.whole,
                    now.one_touch_rate.part,
                    now.one_touch_rate.rate,
                ),
                (
                    _("Recontact within 7 days"),
                    now.recontact_rate.whole,
                    now.recontact_rate.part,
                    now.recontact_rate.rate,
                ),
            ],
            drill=None,
        ),
        Table(
            "customer_wait_by_channel",
            _("Customers' wait for a person, by the channel they wrote on"),
            (Column(_("Channel")), Column(_("Time waited"), "duration")),
            [
                (channels.get(c, c), seconds)
                for c, seconds in sorted(now.customer_wait.by_channel.items())
            ],
        ),
        Table(
            "arrivals_heatmap",
            _("Arrivals by weekday and hour (local time)"),
            (Column(_("Weekday")), *(Column(f"{hour:02d}", "count") for hour in range(24))),
            [(day, *hours) for day, hours in zip(WEEKDAYS, now.arrivals.heatmap, strict=True)],
        ),
        Table(
            "arrivals_by_channel",
            _("Arrivals by channel"),
            (Column(_("Channel")), Column(_("Tickets"), "count")),
            [(channels.get(c, c), n) for c, n in now.arrivals.by_channel.items()],
        ),
        Table(
            "search_terms",
            _("What customers searched for"),
            (
                Column(_("Search")),
                Column(_("Searches"), "count"),
                Column(_("Found nothing"), "count"),
            ),
            list(now.knowledge.top_terms),
        ),
        Table(
            "searches_no_result",
            _("Searches that found nothing"),
            (Column(_("Search")), Column(_("Searches"), "count")),
            list(now.knowledge.missing),
        ),
        Table(
            "deflections",
            _("Articles that answered instead of a request"),
            (Column(_("Article")), Column(_("Requests deflected"), "count")),
            list(now.knowledge.deflections),
        ),
        _comments("csat_comments", _("What customers said with their rating"), now.csat.comments),
        _comments("nps_comments", _("What customers said with their NPS score"), now.nps.comments),
    ]
    return {table.name: table for table in tables}


def drilldown_table(found: Drilldown) -> Table:
    """The tickets behind a figure, as the page lists them and CSV exports them."""
    return Table(
        f"{found.figure}_tickets",
        FIGURES[found.figure],
        (
            Column(_("Ticket")),
            Column(_("Subject")),
            Column(_("Team")),
            Column(_("Status")),
            Column(_("Time"), "duration"),
        ),
        [
            (
                f"#{line.ticket.number}",
                line.ticket.subject,
                line.ticket.team.name if line.ticket.team else _("(no team)"),
                line.ticket.get_status_display(),
                line.seconds,
            )
            for line in found.lines
        ],
    )
