"""Every figure as a table: what the page shows beside each chart and what CSV exports,
from one definition so the two never disagree."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


ATTAINMENT = Column("Attainment", "rate")
RATE = Column("Share", "rate")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: "more than 1 d early", ..., "more than 1 d late", from service.ETA_ERROR_EDGES.
ETA_ERROR_LABELS = (
    "> 24 h early",
    "4-24 h early",
    "1-4 h early",
    "< 1 h early",
    "< 1 h late",
    "1-4 h late",
    "4-24 h late",
    "> 24 h late",
)


def _histogram(name: str, title: str, figure: Distribution, drill: str = "") -> Table:
    return Table(
        name,
        title,
        (Column("Time"), Column("Tickets", "count")),
        list(zip(bucket_labels(DURATION_EDGES), figure.buckets, strict=True)),
        drill=drill or name,
    )


def _per_channel(name: str, title: str, by_channel: dict[str, Distribution]) -> Table:
    labels = dict(Channel.choices)
    return Table(
        name,
        title,
        (
            Column("Channel"),
            Column("Tickets", "count"),
            Column("Median", "duration"),
            Column("90th percentile", "duration"),
        ),
        [
            (labels.get(channel, channel), d.count, d.median, d.p90)
            for channel, d in sorted(by_channel.items())
        ],
    )


def _weekly(weeks: list[Week]) -> Table:
    return Table(
        "satisfaction_by_week",
        "Satisfaction by week",
        (
            Column("Week of"),
            Column("Good", "count"),
            Column("Bad", "count"),
            Column("CSAT", "rate"),
            Column("NPS answers", "count"),
            Column("NPS", "score"),
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
        (Column("Ticket"), Column("Score"), Column("Comment"), Column("When", "instant")),
        [(f"#{c.ticket_number}", c.score, c.text, c.at) for c in comments],
    )


def _attainment(name: str, by: str, counts: dict, label: Callable[[Any], str]) -> Table:
    return Table(
        name,
        f"SLA attainment by {by.lower()}",
        (Column(by), Column("Met", "count"), Column("Missed", "count"), ATTAINMENT),
        [(label(key), met, lost, rate(met, met + lost)) for key, (met, lost) in counts.items()],
    )


def _ages(name: str, title: str, by: str, ages: dict, label: Callable[[Any], str]) -> Table:
    return Table(
        name,
        title,
        (Column(by), *(Column(f"Open {age}", "count") for age in bucket_labels(AGE_EDGES))),
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
        return teams.get(team_id, "(no team)") if team_id else "(no team)"

    def owner_name(owner_id: int | None) -> str:
        return (owners or {}).get(owner_id, "(unknown)") if owner_id else "(unowned)"

    callbacks = now.callbacks_kept_rate

    tables = [
        Table(
            "headline",
            "Headline figures",
            (Column("Figure"), Column("This period"), Column("Previous period"), Column("Unit")),
            [(name, t.current, t.previous, DEFINITIONS[name].unit) for name, t in trends.items()]
            + [("backlog", summary.backlog.open, None, "count")],
        ),
        _histogram("first_response", "First response times", now.first_response.overall),
        _per_channel(
            "first_response_by_channel", "First response by channel", now.first_response.by_channel
        ),
        _histogram("resolution", "Resolution times", now.resolution.overall),
        _per_channel("resolution_by_channel", "Resolution by channel", now.resolution.by_channel),
        _attainment("sla_by_team", "Team", now.sla_attainment.by_team, team_name),
        _attainment(
            "sla_by_target", "Target", now.sla_attainment.by_metric, lambda m: metrics.get(m, m)
        ),
        Table(
            "backlog_by_age",
            "Backlog by age",
            (Column("Open for"), Column("Tickets", "count")),
            list(zip(bucket_labels(AGE_EDGES), summary.backlog.by_age, strict=True)),
            drill="backlog",
        ),
        Table(
            "backlog_by_team",
            "Backlog by team",
            (Column("Team"), Column("Open tickets", "count")),
            [(team_name(team), n) for team, n in summary.backlog.by_team.items()],
        ),
        _ages(
            "backlog_team_ages",
            "Backlog by team and age",
            "Team",
            summary.backlog.team_ages,
            team_name,
        ),
        _ages(
            "backlog_by_owner",
            "Backlog by owner and age",
            "Owner",
            summary.backlog.owner_ages,
            owner_name,
        ),
        _histogram(
            "unowned_time",
            "How long open tickets have gone without an owner",
            summary.unowned,
            drill="unowned",
        ),
        Table(
            "callbacks",
            "Callbacks by what became of their window",
            (Column("Callbacks"), Column("Count", "count")),
            [
                ("Kept: reached within the window", callbacks.kept),
                ("Missed: the window passed", callbacks.missed),
                ("Window still running", callbacks.open),
                ("Wrong number", callbacks.wrong_number),
            ],
        ),
        _histogram("human_wait", "Wait for a person, queues included", now.human_wait.overall),
        _per_channel(
            "human_wait_by_channel", "Wait for a person by channel", now.human_wait.by_channel
        ),
        _weekly(summary.weeks),
        _histogram(
            "sla_past",
            "How long past the deadline missed targets stayed",
            summary.sla_past,
            drill="sla_missed",
        ),
        Table(
            "eta_errors",
            "ETA error: first answer minus the told time",
            (Column("Answered"), Column("Acknowledgements", "count")),
            list(zip(ETA_ERROR_LABELS, summary.eta_errors, strict=True)),
        ),
        Table(
            "returns",
            "Solved once, or back again",
            (Column("Figure"), Column("Solved", "count"), Column("Tickets", "count"), RATE),
            [
                (
                    "One-touch",
                    now.one_touch_rate.whole,
                    now.one_touch_rate.part,
                    now.one_touch_rate.rate,
                ),
                (
                    "Recontact within 7 days",
                    now.recontact_rate.whole,
                    now.recontact_rate.part,
                    now.recontact_rate.rate,
                ),
            ],
            drill=None,
        ),
        Table(
            "customer_wait_by_channel",
            "Customers' wait for a person, by the channel they wrote on",
            (Column("Channel"), Column("Time waited", "duration")),
            [
                (channels.get(c, c), seconds)
                for c, seconds in sorted(now.customer_wait.by_channel.items())
            ],
        ),
        Table(
            "arrivals_heatmap",
            "Arrivals by weekday and hour (local time)",
            (Column("Weekday"), *(Column(f"{hour:02d}", "count") for hour in range(24))),
            [(day, *hours) for day, hours in zip(WEEKDAYS, now.arrivals.heatmap, strict=True)],
        ),
        Table(
            "arrivals_by_channel",
            "Arrivals by channel",
            (Column("Channel"), Column("Tickets", "count")),
            [(channels.get(c, c), n) for c, n in now.arrivals.by_channel.items()],
        ),
        Table(
            "search_terms",
            "What customers searched for",
            (Column("Search"), Column("Searches", "count"), Column("Found nothing", "count")),
            list(now.knowledge.top_terms),
        ),
        Table(
            "searches_no_result",
            "Searches that found nothing",
            (Column("Search"), Column("Searches", "count")),
            list(now.knowledge.missing),
        ),
        Table(
            "deflections",
            "Articles that answered instead of a request",
            (Column("Article"), Column("Requests deflected", "count")),
            list(now.knowledge.deflections),
        ),
        _comments("csat_comments", "What customers said with their rating", now.csat.comments),
        _comments("nps_comments", "What customers said with their NPS score", now.nps.comments),
    ]
    return {table.name: table for table in tables}


def drilldown_table(found: Drilldown) -> Table:
    """The tickets behind a figure, as the page lists them and CSV exports them."""
    return Table(
        f"{found.figure}_tickets",
        FIGURES[found.figure],
        (
            Column("Ticket"),
            Column("Subject"),
            Column("Team"),
            Column("Status"),
            Column("Time", "duration"),
        ),
        [
            (
                f"#{line.ticket.number}",
                line.ticket.subject,
                line.ticket.team.name if line.ticket.team else "(no team)",
                line.ticket.get_status_display(),
                line.seconds,
            )
            for line in found.lines
        ],
    )
