"""Did it stay solved, and what did customers say: reopens, CSAT, NPS."""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import PASSIVE_FROM, PROMOTER_FROM, Nps, rate
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.rollups import report_split, rollup_rows
from realdesk.reports.selectors.scope import tickets_q
from realdesk.surveys.choices import Score
from realdesk.surveys.models import NpsSurvey, Rating
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Event, Ticket

#: A customer back within a week about a solved ticket was not helped; later is news.
REOPEN_WINDOW = timedelta(days=7)
#: Comments shown beside a satisfaction figure: the newest, enough to read in a minute.
COMMENTS_SHOWN = 20


@dataclass(frozen=True)
class Reopens:
    solved: int
    reopened: int

    @property
    def rate(self) -> float | None:
        return rate(self.reopened, self.solved)


def reopen_rate(*, actor: User, flt: ReportFilter) -> Reopens:
    """Of the solves in the period, those followed within 7 days by a reopen of the ticket,
    or by a follow-up ticket when the customer wrote after it was closed. Rolled-up days
    from their rows (counted the same way by the rollup), the rest live."""
    split = report_split(actor=actor, flt=flt)
    rolled = rollup_rows(split=split, flt=flt).aggregate(
        solved=Sum("solve_events"), reopened=Sum("reopened")
    )
    solved, reopened = rolled["solved"] or 0, rolled["reopened"] or 0
    for gap in split.gaps:
        solves = solve_events(
            Event.objects.filter(tickets_q(actor=actor, flt=gap, path="ticket")),
            gap.since,
            gap.until,
        )
        solved += len(solves)
        reopened += sum(back for *_, back in solves)
    return Reopens(solved=solved, reopened=reopened)


def solve_events(events: QuerySet[Event], since: datetime, until: datetime) -> list[tuple]:
    """(ticket, team, channel, solved at, came back within 7 days) of each solve in
    [since, until) among `events`: the figure reads them live, the rollup counts them."""
    solves = list(
        events.filter(
            kind=EventKind.STATUS_CHANGED,
            after=Status.SOLVED,
            created_at__gte=since,
            created_at__lt=until,
        ).values_list("ticket_id", "ticket__team", "ticket__channel", "created_at")
    )
    returns = _returns({row[0] for row in solves}, since, until + REOPEN_WINDOW)
    return [(*row, _within(returns[row[0]], row[3])) for row in solves]


def _returns(ticket_ids: set[int], since: datetime, until: datetime) -> dict[int, list]:
    """Per ticket, the sorted instants the customer came back: reopens and follow-ups."""
    if not ticket_ids:
        return defaultdict(list)
    reopens = Event.objects.filter(
        ticket_id__any_of=ticket_ids,
        kind=EventKind.STATUS_CHANGED,
        before=Status.SOLVED,
        created_at__gte=since,
        created_at__lt=until,
    ).exclude(after=Status.CLOSED)
    follow_ups = Ticket.objects.filter(
        follow_up_of_id__any_of=ticket_ids, created_at__gte=since, created_at__lt=until
    )
    found: dict[int, list] = defaultdict(list)
    for ticket_id, at in [
        *reopens.values_list("ticket_id", "created_at"),
        *follow_ups.values_list("follow_up_of_id", "created_at"),
    ]:
        found[ticket_id].append(at)
    for instants in found.values():
        instants.sort()
    return found


def _within(instants: list, solved_at: datetime) -> bool:
    """Whether any return falls in (solved_at, solved_at + window]."""
    index = bisect_right(instants, solved_at)
    return index < len(instants) and instants[index] <= solved_at + REOPEN_WINDOW


@dataclass(frozen=True)
class Comment:
    ticket_number: int
    score: str | int
    text: str
    at: datetime


@dataclass(frozen=True)
class Csat:
    good: int
    bad: int
    comments: list[Comment]

    @property
    def rate(self) -> float | None:
        """Share of good among the answers: asked but unanswered counts for nothing."""
        return rate(self.good, self.good + self.bad)


def _ratings(actor: User, flt: ReportFilter) -> QuerySet[Rating]:
    return Rating.objects.filter(
        tickets_q(actor=actor, flt=flt, path="ticket"),
        rated_at__gte=flt.since,
        rated_at__lt=flt.until,
    ).exclude(score="")


def _csat_counts() -> dict[str, Count]:
    return {
        "good": Count("pk", filter=Q(score=Score.GOOD)),
        "bad": Count("pk", filter=Q(score=Score.BAD)),
    }


def _nps_answers(actor: User, flt: ReportFilter) -> QuerySet[NpsSurvey]:
    return NpsSurvey.objects.filter(
        tickets_q(actor=actor, flt=flt, path="ticket"),
        answered_at__gte=flt.since,
        answered_at__lt=flt.until,
        score__isnull=False,
    )


def _nps_bands() -> dict[str, Count]:
    return {
        "promoters": Count("pk", filter=Q(score__gte=PROMOTER_FROM)),
        "passives": Count("pk", filter=Q(score__gte=PASSIVE_FROM, score__lt=PROMOTER_FROM)),
        "detractors": Count("pk", filter=Q(score__lt=PASSIVE_FROM)),
    }


def csat(*, actor: User, flt: ReportFilter) -> Csat:
    """Ratings given in the period, with the newest comments."""
    rated = _ratings(actor, flt)
    counts = rated.aggregate(**_csat_counts())
    said = rated.exclude(comment="").order_by("-rated_at", "-pk")[:COMMENTS_SHOWN]
    rows = said.values_list("ticket__number", "score", "comment", "rated_at")
    return Csat(**counts, comments=[Comment(*row) for row in rows])


@dataclass(frozen=True)
class NpsResult:
    bands: Nps
    comments: list[Comment]


def nps(*, actor: User, flt: ReportFilter) -> NpsResult:
    """Answers given in the period (score 0-10), with the newest comments."""
    answered = _nps_answers(actor, flt)
    bands = answered.aggregate(**_nps_bands())
    said = answered.exclude(comment="").order_by("-answered_at", "-pk")[:COMMENTS_SHOWN]
    rows = said.values_list("ticket__number", "score", "comment", "answered_at")
    return NpsResult(bands=Nps(**bands), comments=[Comment(*row) for row in rows])


@dataclass(frozen=True)
class Week:
    """Satisfaction answered in one week (Monday to Sunday, local time)."""

    start: date
    good: int
    bad: int
    bands: Nps

    @property
    def csat(self) -> float | None:
        return rate(self.good, self.good + self.bad)


def satisfaction_by_week(*, actor: User, flt: ReportFilter) -> list[Week]:
    """CSAT and NPS per week of the period, every week listed (a quiet week shows as one
    with no answers, not as a gap that hides it)."""
    zone = timezone.get_current_timezone()
    csat_rows = (
        _ratings(actor, flt)
        .annotate(week=TruncWeek("rated_at", tzinfo=zone))
        .values("week")
        .annotate(**_csat_counts())
        .order_by()
    )
    nps_rows = (
        _nps_answers(actor, flt)
        .annotate(week=TruncWeek("answered_at", tzinfo=zone))
        .values("week")
        .annotate(**_nps_bands())
        .order_by()
    )
    ratings = {_day(row["week"], zone): row for row in csat_rows}
    answers = {_day(row["week"], zone): row for row in nps_rows}
    first = flt.since.astimezone(zone).date()
    monday = first - timedelta(days=first.weekday())
    last = (flt.until - timedelta(microseconds=1)).astimezone(zone).date()
    weeks = []
    while monday <= last:
        said = ratings.get(monday, {})
        bands = answers.get(monday, {})
        weeks.append(
            Week(
                start=monday,
                good=said.get("good", 0),
                bad=said.get("bad", 0),
                bands=Nps(**{band: bands.get(band, 0) for band in _nps_bands()}),
            )
        )
        monday += timedelta(days=7)
    return weeks


def _day(value: date | datetime, zone) -> date:
    """TruncWeek gives an aware datetime on PostgreSQL and SQLite alike; its local date."""
    return value.astimezone(zone).date() if isinstance(value, datetime) else value
