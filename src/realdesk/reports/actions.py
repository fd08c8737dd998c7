"""The only writes of reports: rollups, derived data that can always be rebuilt.

A day is rolled up as its prefixes from local midnight (to 1:00, to 2:00, ... and the whole
day), all from one read: each ticket, solve, SLA clock and wait is measured once and
counted in every prefix its instant falls in. So a report that ends mid-day, today or
in its comparison period, reads all but its last hour from rollups.

`rollup_day` is idempotent: re-running a day replaces its rows with what the tickets,
messages and SLA clocks say now, so a backfill, a repeat after a late import or two
workers running the same day all end with the same rows.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from realdesk.reports.models import DailyRollup, RolledDay
from realdesk.reports.periods import comparison_days
from realdesk.reports.selectors.durations import ENDS, waits_measure
from realdesk.reports.selectors.outcomes import solve_events
from realdesk.reports.selectors.rollups import WHOLE_DAY, day_start, hour_start
from realdesk.reports.selectors.service import decided_q
from realdesk.reports.selectors.touches import recontacted
from realdesk.reports.selectors.waits import pieces_encode, pieces_waited, wait_pieces
from realdesk.reports.tallies import seconds_encode, tally_encode
from realdesk.sla.models import SLATarget
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Event, Ticket

Key = tuple[int | None, str]  # team id, channel


def rollup_days(*, first: date, last: date) -> int:
    """Roll up every local day from `first` to `last` (inclusive), each in its own
    transaction; returns the number of rows written. Days not over yet are refused."""
    if last >= timezone.localdate():
        raise ValueError("Only days that have ended can be rolled up.")
    compared = _comparison_days(timezone.now())
    written, day = 0, first
    while day <= last:
        written += rollup_day(day=day, keep_pieces=day in compared)
        day += timedelta(days=1)
    return written


def rollup_today(*, now: datetime) -> int:
    """Roll up today from midnight to the last whole hour before `now` (nothing in the
    first hour of the day), and yesterday whole if it is not yet: as soon as it is over,
    rather than at the next run of the 6-hourly rollup. Returns the rows written."""
    today = timezone.localdate(now)
    compared = _comparison_days(now)
    written = 0
    yesterday = today - timedelta(days=1)
    if not RolledDay.objects.filter(day=yesterday, hours=WHOLE_DAY).exists():
        written += rollup_day(day=yesterday, keep_pieces=yesterday in compared)
    written += _comparison_days_keep(compared, today=today)
    hours = max((h for h in range(1, WHOLE_DAY) if hour_start(today, h) <= now), default=0)
    return written + (rollup_day(day=today, hours=hours) if hours else 0)


def _comparison_days(now: datetime) -> set[date]:
    return comparison_days(now=now, zone=timezone.get_current_timezone())


def _comparison_days_keep(compared: set[date], *, today: date) -> int:
    """Roll up again, keeping their wait pieces, the past days a comparison period ends on
    today or tomorrow (rolled up whole before they became one); forget the pieces of the
    days no longer one. Returns the rows written."""
    whole = RolledDay.objects.filter(day__lt=today, hours=WHOLE_DAY)
    whole.filter(wait_pieces__isnull=False).exclude(day__in=compared).update(wait_pieces=None)
    unkept = whole.filter(day__in=compared, wait_pieces__isnull=True)
    return sum(
        rollup_day(day=day, keep_pieces=True)
        for day in sorted(unkept.values_list("day", flat=True))
    )


def rollup_day(*, day: date, hours: int = WHOLE_DAY, keep_pieces: bool = False) -> int:
    """Replace the rollup rows of one local day's prefixes up to `hours` o'clock (24: the
    whole day, which must be over); returns how many rows were written. Each prefix keeps
    each customer's seconds waited when the day is not over (today); the whole day keeps
    its wait pieces when `keep_pieces` (a day a comparison period ends on)."""
    bounds = [hour_start(day, h) for h in range(1, hours + 1)]
    if bounds[-1] > timezone.now():
        raise ValueError("Only hours that have ended can be rolled up.")
    if keep_pieces and hours < WHOLE_DAY:
        raise ValueError("Only a whole day keeps its wait pieces.")
    with transaction.atomic():
        RolledDay.objects.get_or_create(
            day=day, hours=hours, defaults={"computed_at": timezone.now()}
        )
        # Two runs of the same day queue here instead of writing each other's rows twice.
        markers = {m.hours: m for m in RolledDay.objects.select_for_update().filter(day=day)}
        measured = _measure(day_start(day), bounds)
        rows = [row for key, theirs in measured.items() for row in theirs.rows(day, hours, key)]
        pieces = wait_pieces(Ticket.objects.all(), day_start(day), bounds[-1])
        waited = pieces_waited(pieces, day_start(day), bounds)
        by_key = {(row.hours, row.team_id, row.channel): row for row in rows}
        now = timezone.now()
        # A day not over yet (today) keeps each customer's seconds for the live hour after
        # each prefix to add to.
        keep = hours < WHOLE_DAY
        for h, waits in enumerate(waited, start=1):
            _add_waits(by_key, waits.by_key, day, h, rows, keep=keep)
            marker = markers.get(h) or RolledDay(day=day, hours=h)
            marker.computed_at = now
            marker.customer_days, marker.customer_seconds = _customer_blobs(waits.across, keep=keep)
            marker.wait_pieces = None
            markers[h] = marker
        if keep_pieces:
            markers[WHOLE_DAY].wait_pieces = pieces_encode(pieces)
        RolledDay.objects.bulk_update(
            [m for m in markers.values() if m.pk],
            ["computed_at", "customer_days", "customer_seconds", "wait_pieces"],
        )
        RolledDay.objects.bulk_create([m for m in markers.values() if not m.pk])
        DailyRollup.objects.filter(day=day, hours__lte=hours).delete()
        DailyRollup.objects.bulk_create(rows)
    return len(rows)


@dataclass
class _Measured:
    """One team and channel's day, each entry with the first prefix (hours) counting it."""

    #: (hours, local hour of the arrival)
    arrivals: list[tuple[int, int]] = field(default_factory=list)
    #: column -> (hours, seconds)
    durations: dict[str, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))
    #: (hours, solved with one reply, recontacted)
    solves: list[tuple[int, bool, bool]] = field(default_factory=list)
    #: (hours, came back within 7 days) of each solve event
    reopens: list[tuple[int, bool]] = field(default_factory=list)
    #: (hours, metric, met)
    sla: list[tuple[int, str, bool]] = field(default_factory=list)

    def rows(self, day: date, hours: int, key: Key) -> list[DailyRollup]:
        """The rows of the prefixes to 1, 2, ... `hours` o'clock, each the one before plus
        the entries that first count in it; none before anything counts."""
        arrivals_at, solves_at = _by_first(self.arrivals), _by_first(self.solves)
        reopens_at, sla_at = _by_first(self.reopens), _by_first(self.sla)
        durations_at = {column: _by_first(entries) for column, entries in self.durations.items()}
        seconds: dict[str, list[float]] = {column: [] for column in durations_at}
        encoded = dict.fromkeys(durations_at, b"")
        arrivals, sla = [0] * 24, {}
        solved = one_touch = recontacted = solve_events = reopened = 0
        found: list[DailyRollup] = []
        for h in range(1, hours + 1):
            for (hour,) in arrivals_at.get(h, ()):
                arrivals[hour] += 1
            for column, grouped in durations_at.items():
                if h in grouped:  # encoded again only when the prefix gained a duration
                    seconds[column] += [s for (s,) in grouped[h]]
                    encoded[column] = tally_encode(seconds[column])
            for one, back in solves_at.get(h, ()):
                solved, one_touch, recontacted = solved + 1, one_touch + one, recontacted + back
            for (back,) in reopens_at.get(h, ()):
                solve_events, reopened = solve_events + 1, reopened + back
            for metric, met in sla_at.get(h, ()):
                sla.setdefault(metric, [0, 0])[0 if met else 1] += 1
            if (
                found
                or any(h in at for at in (arrivals_at, solves_at, reopens_at, sla_at))
                or any(h in grouped for grouped in durations_at.values())
            ):
                found.append(
                    DailyRollup(
                        day=day,
                        hours=h,
                        team_id=key[0],
                        channel=key[1],
                        arrivals_by_hour=list(arrivals),
                        solved=solved,
                        one_touch=one_touch,
                        recontacted=recontacted,
                        solve_events=solve_events,
                        reopened=reopened,
                        sla={metric: list(counts) for metric, counts in sla.items()},
                        **encoded,
                    )
                )
        return found


def _by_first(entries: list[tuple]) -> dict[int, list[tuple]]:
    """Entries grouped by their first prefix, the rest of each entry kept."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for first, *rest in entries:
        grouped[first].append(tuple(rest))
    return grouped


def _measure(since: datetime, bounds: list[datetime]) -> dict[Key, _Measured]:
    until = bounds[-1]

    def first(at: datetime) -> int:
        """The first prefix (hours) whose stretch holds `at`."""
        return bisect_right(bounds, at) + 1

    measured: dict[Key, _Measured] = defaultdict(_Measured)
    zone = timezone.get_current_timezone()
    opened = Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
    for team_id, channel, at in opened.values_list("team_id", "channel", "created_at"):
        measured[team_id, channel].arrivals.append((first(at), at.astimezone(zone).hour))

    for figure, (end, _) in ENDS.items():
        tickets = Ticket.objects.filter(**{f"{end}__gte": since, f"{end}__lt": until})
        stopped = dict(tickets.values_list("pk", end))
        for business in (True, False):
            column = f"{figure}_{'business' if business else 'calendar'}"
            for wait in waits_measure(tickets, figure=figure, business_hours=business):
                entry = (first(stopped[wait.ticket_id]), wait.seconds)
                measured[wait.team_id, wait.channel].durations[column].append(entry)

    solved = Ticket.objects.filter(solved_at__gte=since, solved_at__lt=until)
    one_touch = set(
        solved.annotate(replies=Count("messages", filter=Q(messages__direction=Direction.OUTBOUND)))
        .filter(replies=1)
        .values_list("pk", flat=True)
    )
    back = {pk for pk, _, _ in recontacted(solved)}
    for pk, team_id, channel, at in solved.values_list("pk", "team_id", "channel", "solved_at"):
        measured[team_id, channel].solves.append((first(at), pk in one_touch, pk in back))

    for _, team_id, channel, at, back in solve_events(Event.objects.all(), since, until):
        measured[team_id, channel].reopens.append((first(at), back))

    met_q, missed_q = decided_q(since, until)
    decided = SLATarget.objects.filter(met_q | missed_q).values_list(
        "ticket__team", "ticket__channel", "metric", "achieved_at", "breached_at"
    )
    for team_id, channel, metric, achieved, breached in decided:
        # Missed when the deadline passed in the day, else met when the clock stopped.
        missed = breached is not None and since <= breached < until
        at = breached if missed else achieved
        measured[team_id, channel].sla.append((first(at), metric, not missed))
    return measured


def _customer_blobs(seconds: dict[int, float], *, keep: bool) -> tuple[bytes, bytes | None]:
    """The tally of each customer's seconds waited in a stretch of one day and, if kept,
    the seconds themselves (None if not)."""
    return tally_encode(list(seconds.values())), seconds_encode(seconds) if keep else None


def _add_waits(
    by_key,
    per_key: dict[Key, dict[int, float]],
    day: date,
    hours: int,
    rows: list[DailyRollup],
    *,
    keep: bool,
) -> None:
    for (team_id, channel), customers in per_key.items():
        row = by_key.get((hours, team_id, channel))
        if row is None:
            row = DailyRollup(
                day=day, hours=hours, team_id=team_id, channel=channel, arrivals_by_hour=[0] * 24
            )
            by_key[hours, team_id, channel] = row
            rows.append(row)
        row.wait_seconds = sum(customers.values())
        row.customer_days, seconds = _customer_blobs(customers, keep=keep)
        row.customer_seconds = seconds or b""
