"""Report periods and the period each is compared with (pure: "now" is an argument).

A period to date is compared with the same stretch of the period before ("this week so
far" against last week up to the same weekday and hour), never with a whole previous
period: counting five days against seven would show every volume as a fall.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.utils.translation import gettext

from realdesk.core.errors import ApplicationError

PRESETS = {
    "week": "This week",
    "4weeks": "Last 4 weeks",
    "quarter": "This quarter",
    "custom": "Custom",
}
#: A longer custom range would read millions of rows for a figure no one acts on.
LONGEST = timedelta(days=400)
#: Nothing a help desk answered happened before this; earlier instants are typing errors
#: (and near year 1 the comparison period and look-backs would leave the calendar).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """[since, until) and the stretch it is compared with, all aware instants."""

    since: datetime
    until: datetime
    previous_since: datetime
    previous_until: datetime

    @classmethod
    def between(cls, since: datetime, until: datetime) -> "Period":
        """Any range, compared with the range of the same length just before it."""
        if until <= since:
            raise ApplicationError(
                gettext("The end of the range must be after its start."), code="range"
            )
        if until - since > LONGEST:
            raise ApplicationError(gettext("Choose a range of at most 400 days."), code="range")
        if since < EARLIEST + LONGEST:
            raise ApplicationError(gettext("Choose a range after 1971."), code="range")
        return cls(since, until, since - (until - since), since)

    def shifted(self, back: timedelta) -> "Period":
        return Period(self.since, self.until, self.since - back, self.until - back)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_preset(
    name: str,
    *,
    now: datetime,
    zone: tzinfo,
    first_day: date | None = None,
    last_day: date | None = None,
) -> Period:
    """The period a lead picked; `first_day`/`last_day` (inclusive) only for "custom".

    Days start at local midnight in `zone`, so "this week" begins on Monday where the
    team works, not in UTC.
    """
    now = now.astimezone(zone)  # so that "a week back" is wall-clock time across DST
    today = now.date()
    if name == "week":
        monday = today - timedelta(days=today.weekday())
        return Period(_midnight(monday, zone), now, now, now).shifted(timedelta(days=7))
    if name == "4weeks":
        start = _midnight(today - timedelta(days=27), zone)
        return Period(start, now, now, now).shifted(timedelta(days=28))
    if name == "quarter":
        start = _quarter_start(today)
        before = _quarter_start(start - timedelta(days=1))
        elapsed = now - _midnight(start, zone)
        previous = _midnight(before, zone)
        return Period(_midnight(start, zone), now, previous, previous + elapsed)
    if name == "custom":
        if first_day is None or last_day is None:
            raise ApplicationError(
                gettext("Give the first and the last day of the range."), code="range"
            )
        return Period.between(
            _midnight(first_day, zone), _midnight(last_day + timedelta(days=1), zone)
        )
    raise ApplicationError(gettext("Unknown range %(name)r.") % {"name": name}, code="range")


#: The presets whose comparison period ends at the same hour of an earlier day.
TO_DATE_PRESETS = ("week", "4weeks", "quarter")


def comparison_days(*, now: datetime, zone: tzinfo) -> set[date]:
    """The local days on which a preset's comparison period ends, at any hour from `now`
    to the same time tomorrow: the past days whose rollups keep their wait pieces, so the
    comparison's customers' waits up to any instant are summed from them
    (reports/selectors/waits.py)."""
    return {
        period_preset(name, now=at, zone=zone).previous_until.astimezone(zone).date()
        for name in TO_DATE_PRESETS
        for at in (now, now + timedelta(days=1))
    }
