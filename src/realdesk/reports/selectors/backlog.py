"""What is still open now, by how long it has been open, by who holds it, and how long it
went without anyone holding it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from django.db.models import Case, Count, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Coalesce, Greatest

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, tally_distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.scope import tickets_q
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.models import Ticket

#: Age buckets of the backlog, upper edges; the last bucket is open-ended.
AGE_EDGES: tuple[timedelta, ...] = tuple(timedelta(days=d) for d in (1, 3, 7, 30))


@dataclass(frozen=True)
class Backlog:
    open: int
    unowned: int
    by_age: tuple[int, ...]
    by_team: dict[int | None, int]
    #: Open tickets per age bucket, per team (None: no team) and per owner (None: nobody).
    team_ages: dict[int | None, tuple[int, ...]]
    #: An agent reads their own row only: a backlog per named colleague would be a
    #: ranking by another name (docs/reports.md).
    owner_ages: dict[int | None, tuple[int, ...]]


def backlog(*, actor: User, flt: ReportFilter, now: datetime) -> Backlog:
    """Open tickets (new, open, pending, on hold) at `now`, whatever the period: a
    backlog is a state, not a flow, and the period only narrows the other figures.

    Counted in the database (one row per team and owner), as a backlog can be tens of
    thousands."""
    tickets = _open(actor, flt)
    # Opened after each boundary, newest boundary first: younger than 1 d, than 3 d, ...
    younger = {
        f"younger_{i}": Count("pk", filter=Q(created_at__gt=now - edge))
        for i, edge in enumerate(AGE_EDGES)
    }
    rows = list(tickets.values("team_id", "owner_id").annotate(n=Count("pk"), **younger).order_by())
    teams: dict[int | None, list[int]] = defaultdict(lambda: [0] * (len(AGE_EDGES) + 1))
    owners: dict[int | None, list[int]] = defaultdict(lambda: [0] * (len(AGE_EDGES) + 1))
    for row in rows:
        bounds = [0, *(row[key] for key in younger), row["n"]]
        for i, (low, high) in enumerate(pairwise(bounds)):
            teams[row["team_id"]][i] += high - low
            owners[row["owner_id"]][i] += high - low
    if not actor.sees_all_teams:
        owners = {pk: ages for pk, ages in owners.items() if pk == actor.pk}
    return Backlog(
        open=sum(row["n"] for row in rows),
        unowned=sum(row["n"] for row in rows if row["owner_id"] is None),
        by_age=tuple(sum(column) for column in zip(*teams.values(), strict=True))
        or (0,) * (len(AGE_EDGES) + 1),
        by_team={team: sum(ages) for team, ages in teams.items()},
        team_ages={team: tuple(ages) for team, ages in teams.items()},
        owner_ages={owner: tuple(ages) for owner, ages in owners.items()},
    )


def _open(actor: User, flt: ReportFilter):
    return Ticket.objects.filter(
        tickets_q(actor=actor, flt=flt), status__in=OPEN_STATUSES, merged_into=None
    )


def backlog_tickets(
    *, actor: User, flt: ReportFilter, bucket: int | None, now: datetime
) -> list[tuple[int, datetime]]:
    """(id, opened at) of the open tickets, optionally of one age bucket of `backlog`."""
    tickets = _open(actor, flt)
    if bucket is not None:
        bounds = [None, *AGE_EDGES, None]
        older, younger = bounds[bucket], bounds[bucket + 1]
        if older is not None:
            tickets = tickets.filter(created_at__lte=now - older)
        if younger is not None:
            tickets = tickets.filter(created_at__gt=now - younger)
    return list(tickets.values_list("pk", "created_at"))


def unowned_times(*, actor: User, flt: ReportFilter, now: datetime) -> dict[int, float]:
    """Per open ticket, the seconds it has spent without an owner since it was opened: what
    the ticket keeps (`unowned_seconds` up to its last owner change, `owner_since`) plus,
    if nobody owns it now, the time since. Owned tickets need only the number they keep:
    their instants stay in the database (tens of thousands of datetimes to parse, at a
    million tickets, for nothing)."""
    tickets = _open(actor, flt)
    times = dict(tickets.exclude(owner=None).values_list("pk", "unowned_seconds"))
    unowned = tickets.filter(owner=None).values_list(
        "pk", "unowned_seconds", "owner_since", "created_at"
    )
    times.update(
        (pk, seconds + max((now - (since or created)).total_seconds(), 0.0))
        for pk, seconds, since, created in unowned
    )
    return times


def unowned_time(*, actor: User, flt: ReportFilter, now: datetime) -> Distribution:
    """How long the open tickets have gone without an owner, over all open tickets (a
    ticket taken at once counts as zero: the median says how quickly work is picked up).

    Tallied per whole minute in the database, as the rollups keep durations: at a million
    tickets the open ones are tens of thousands, whose instants cost more to read and
    parse than the answer (`unowned_times` gives each ticket's seconds, for the drill-down)."""
    running = Greatest(
        Value(now.timestamp()) - _EpochSeconds(Coalesce("owner_since", "created_at")), Value(0.0)
    )
    seconds = F("unowned_seconds") + Case(When(owner=None, then=running), default=Value(0.0))
    minutes = (
        _open(actor, flt)
        .annotate(minute=_Whole(seconds / Value(60.0)))
        .values_list("minute")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return tally_distribution({60.0 * minute: n for minute, n in minutes})


class _Whole(Func):
    """A float rounded to the nearest whole number, still a float. Django's Round casts it
    to numeric on PostgreSQL (for its precision argument), a third of this tally's time at
    31,000 open tickets. The one-argument ROUND is PostgreSQL's for double precision (a
    half minute to even, as the rollups' minutes, `tallies.tally_encode`) and SQLite's."""

    function = "ROUND"
    output_field = FloatField()


class _EpochSeconds(Func):
    """A datetime column as seconds since 1970, worked out in the database (PostgreSQL or
    SQLite, which keeps datetimes as UTC text)."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return self.as_sql(compiler, connection, template=template, **extra)
