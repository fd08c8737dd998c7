"""Which part of a report reads daily rollups and which reads tickets live.

Whole local days that have ended and been rolled up (RolledDay) come from DailyRollup;
the rest (today, the partial ends of a period, days not rolled up yet) is read live, so a
report is never stale by more than what changed in an already rolled-up day since its
rollup ran (docs/reports.md, "Daily rollups"). Rollups count every ticket of a team, so
only readers who see every ticket (leads and admins) use them; an agent's narrower scope
is always read live, and is small.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
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
    #: The rest of the period, each stretch a filter of its own, read live.
    gaps: list[ReportFilter]


def day_start(day: date) -> datetime:
    """Local midnight of `day`, in the reports' time zone (REALDESK_TIME_ZONE)."""
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


def report_split(*, actor: User, flt: ReportFilter) -> Split:
    if not actor.sees_all_teams:
        return Split(days=[], gaps=[flt])
    zone = timezone.get_current_timezone()
    first = flt.since.astimezone(zone).date()
    last = min(flt.until.astimezone(zone).date(), timezone.localdate())
    rolled = RolledDay.objects.filter(day__gte=first, day__lt=last).values_list("day", flat=True)
    days = sorted(
        day
        for day in rolled
        if day_start(day) >= flt.since and day_start(day + timedelta(days=1)) <= flt.until
    )
    gaps, cursor = [], flt.since
    for day in days:
        if day_start(day) > cursor:
            gaps.append(_part(flt, cursor, day_start(day)))
        cursor = day_start(day + timedelta(days=1))
    if cursor < flt.until:
        gaps.append(_part(flt, cursor, flt.until))
    return Split(days=days, gaps=gaps)


def _part(flt: ReportFilter, since: datetime, until: datetime) -> ReportFilter:
    return replace(flt, period=Period(since, until, since, until))


def rollup_rows(*, split: Split, flt: ReportFilter) -> QuerySet[DailyRollup]:
    rows = DailyRollup.objects.filter(day__in=split.days)
    if flt.team_id is not None:
        rows = rows.filter(team=flt.team_id)
    if flt.channel:
        rows = rows.filter(channel=flt.channel)
    return rows


def rolled_durations(*, split: Split, flt: ReportFilter, figure: str) -> dict[str, Counter]:
    """Per channel, {seconds: tickets} of a duration figure over the rolled-up days."""
    if not split.days:
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
