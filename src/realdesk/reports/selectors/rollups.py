"""Which part of a report reads rollups and which reads tickets live.

Whole local days that have ended and been rolled up (RolledDay) come from DailyRollup; a
stretch from a local midnight to a mid-day instant (today so far, the comparison
period's last day) comes from the day's rolled-up prefix to the last whole hour before
it; the rest (at most that last hour, days not rolled up yet) is read live, so a report
is never stale by more than what changed in an already rolled-up day since its rollup ran
(docs/reports.md, "Daily rollups"). Rollups count every ticket of a team, so
only readers who see every ticket (leads and admins) use them; an agent's narrower scope
is always read live, and is small.
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.filters import ReportFilter
from realdesk.reports.models import DailyRollup, RolledDay
from realdesk.reports.periods import Period
from realdesk.reports.tallies import tally_merge


@dataclass(frozen=True)
class Split:
    #: Whole days read from rollups.
    days: list[date]
    #: Days read from rollups from local midnight to `hours` o'clock: (day, hours).
    prefixes: list[tuple[date, int]]
    #: The rest of the period, each stretch a filter of its own, read live.
    gaps: list[ReportFilter]

    @property
    def rolled(self) -> bool:
        return bool(self.days or self.prefixes)

    def without(self, days: Collection[date]) -> "Split":
        """The same split, the prefixes of `days` left out (for a figure that reads those
        days another way)."""
        return replace(self, prefixes=[(d, h) for d, h in self.prefixes if d not in days])

    def rows_q(self) -> Q:
        """The DailyRollup (or RolledDay) rows of the rolled-up stretches."""
        found = Q(day__in=self.days, hours=WHOLE_DAY)
        for day, hours in self.prefixes:
            found |= Q(day=day, hours=hours)
        return found

    def covers(self, at: datetime) -> bool:
        """Whether the instant falls in a rolled-up stretch (its figures are in minutes)."""
        day = timezone.localdate(at)
        return day in self.days or any(
            day == rolled and at < hour_start(day, hours) for rolled, hours in self.prefixes
        )


#: The `hours` of a rollup of the whole day.
WHOLE_DAY = 24


def day_start(day: date) -> datetime:
    """Local midnight of `day`, in the reports' time zone (REALDESK_TIME_ZONE)."""
    return _midnight(day, timezone.get_current_timezone())


@lru_cache(maxsize=4096)
def _midnight(day: date, zone: tzinfo) -> datetime:
    """Kept: a wait is cut at every midnight it spans, tens of thousands a rollup."""
    return datetime.combine(day, time(0), tzinfo=zone)


def hour_start(day: date, hours: int) -> datetime:
    """`hours` o'clock local time on `day` (24: the next midnight), in UTC: aware instants
    in one zone compare by wall clock, which a DST day's hours would confuse."""
    if hours == WHOLE_DAY:
        return day_start(day + timedelta(days=1)).astimezone(UTC)
    zone = timezone.get_current_timezone()
    return datetime.combine(day, time(hours), tzinfo=zone).astimezone(UTC)


#: Within `splits_shared`, each split found so far, by reader and filter.
_shared_splits: ContextVar[dict | None] = ContextVar("shared_splits", default=None)


@contextmanager
def splits_shared() -> Iterator[None]:
    """Within it, a period is split once per reader: a report's figures each ask for the
    split of the same two periods, twenty reads of RolledDay a page."""
    token = _shared_splits.set({})
    try:
        yield
    finally:
        _shared_splits.reset(token)


def report_split(*, actor: User, flt: ReportFilter) -> Split:
    shared = _shared_splits.get()
    if shared is None:
        return _split(actor=actor, flt=flt)
    key = (actor.pk, actor.sees_all_teams, flt)
    if key not in shared:
        shared[key] = _split(actor=actor, flt=flt)
    return shared[key]


def _split(*, actor: User, flt: ReportFilter) -> Split:
    if not actor.sees_all_teams:
        return Split(days=[], prefixes=[], gaps=[flt])
    zone = timezone.get_current_timezone()
    first = flt.since.astimezone(zone).date()
    last = min(flt.until.astimezone(zone).date(), timezone.localdate())
    # One read: the whole days, and the prefixes of the days that may end mid-day or be
    # rolled up only hourly so far (the last of the range, yesterday, today).
    maybe_partial = {last, timezone.localdate() - timedelta(days=1)}
    rolled = list(
        RolledDay.objects.filter(day__gte=first, day__lte=last)
        .filter(Q(hours=WHOLE_DAY) | Q(day__in=maybe_partial))
        .values_list("day", "hours")
    )
    whole = {day for day, hours in rolled if hours == WHOLE_DAY}
    days, starts = [], set()
    day = first
    while day <= last:
        start, end = day_start(day), day_start(day + timedelta(days=1))
        if start >= flt.since and end <= flt.until and day in whole:
            days.append(day)
        elif start >= flt.since:  # from midnight to mid-day, or a day not rolled up whole
            starts.add(day)
        day += timedelta(days=1)
    prefixes = _prefixes(
        [(day, hours) for day, hours in rolled if day in starts and hours < WHOLE_DAY],
        flt.until,
    )
    gaps, cursor = [], flt.since
    rolled = [(day_start(d), day_start(d + timedelta(days=1))) for d in days]
    rolled += [(day_start(d), hour_start(d, hours)) for d, hours in prefixes]
    for start, end in sorted(rolled):
        if start > cursor:
            gaps.append(_part(flt, cursor, start))
        cursor = end
    if cursor < flt.until:
        gaps.append(_part(flt, cursor, flt.until))
    return Split(days=days, prefixes=prefixes, gaps=gaps)


def _prefixes(rolled: list[tuple[date, int]], until: datetime) -> list[tuple[date, int]]:
    """Per day, the longest rolled-up prefix that ends by `until`."""
    longest: dict[date, int] = {}
    for day, hours in rolled:
        if hour_start(day, hours) <= until and hours > longest.get(day, 0):
            longest[day] = hours
    return sorted(longest.items())


def _part(flt: ReportFilter, since: datetime, until: datetime) -> ReportFilter:
    return replace(flt, period=Period(since, until, since, until))


def rollup_rows(*, split: Split, flt: ReportFilter) -> QuerySet[DailyRollup]:
    rows = DailyRollup.objects.filter(split.rows_q())
    if flt.team_id is not None:
        rows = rows.filter(team=flt.team_id)
    if flt.channel:
        rows = rows.filter(channel=flt.channel)
    return rows


def rolled_durations(*, split: Split, flt: ReportFilter, figure: str) -> dict[str, Counter]:
    """Per channel, {seconds: tickets} of a duration figure over the rolled-up days."""
    if not split.rolled:
        return defaultdict(Counter)
    column = f"{figure}_{'business' if flt.business_hours else 'calendar'}"
    blobs: dict[str, list] = defaultdict(list)
    for channel, blob in rollup_rows(split=split, flt=flt).values_list("channel", column):
        blobs[channel].append(blob)
    tallies: dict[str, Counter] = defaultdict(Counter)
    for channel, theirs in blobs.items():
        merged = tally_merge(theirs)
        if merged:  # a row may hold other figures and no ticket of this one
            tallies[channel].update(merged)
    return tallies
