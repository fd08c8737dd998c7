"""Business-hours calendars: the pure-Python core of the SLA engine.

SLA targets are stated in *business* time ("first reply within 8 business hours"),
so every deadline, pause and breach report needs two exact operations: how much
open time lies between two instants (:meth:`BusinessCalendar.between`) and which
instant is a given amount of open time after another (:meth:`BusinessCalendar.add`).
This module does only that, without Django or a database, so it can be tested
exhaustively and called in hot loops (recomputing deadlines for many tickets).

Model
-----
* Opening hours are local wall-clock intervals per weekday (0 = Monday). An interval
  whose end is not after its start runs into the next local day (``start == end`` is a
  full wall-clock day). An interval belongs to the day it *starts* on: a holiday or an
  exception closes or replaces it, including its part after midnight.
* Local times become instants as :mod:`zoneinfo` maps them with ``fold=0``; an interval
  whose mapped end is not after its mapped start (possible inside a DST gap) is empty.
* Open time is the *union* of all intervals, so overlaps are never counted twice.

Speed
-----
Each local day's open spans (in UTC) are built lazily and cached. Away from holidays,
exceptions and UTC-offset changes every weekday has the same open time, computed once;
long ranges are therefore counted as whole weeks and corrected only on the few
irregular days, so a year costs a few dozen dictionary look-ups, not 8,760 hours.
"""

import bisect
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from realdesk.sla._spans import (
    ZERO,
    Interval,
    Span,
    as_date,
    clip,
    consume,
    measure,
    merge,
    parse_exceptions,
    parse_week,
)

__all__ = ["MAX_SEARCH_YEARS", "BusinessCalendar", "Interval", "WeeklyHours"]

#: ``{weekday: [(start, end), ...]}`` with 0 = Monday and naive local ``time`` values.
WeeklyHours = Mapping[int, Iterable[Interval]]

#: :meth:`BusinessCalendar.add` and :meth:`~BusinessCalendar.next_open` give up (with
#: ``ValueError``) rather than search further than this: a calendar that stays closed
#: that long is misconfigured, and an unbounded search would hang a request.
MAX_SEARCH_YEARS = 100
_HORIZON_DAYS = 366 * MAX_SEARCH_YEARS
_CACHE_LIMIT = 20_000  # per-day cache entries before the cache is simply reset
_REF_MONDAY = date(2024, 1, 1).toordinal()  # any Monday; used for the standard week
_MAX_ORDINAL = date.max.toordinal() - 3


class _Day(NamedTuple):
    """One local day's window ``[start, end)`` in naive UTC and its merged open spans."""

    start: datetime
    end: datetime
    spans: tuple[Span, ...]
    total: timedelta


def _weekday(ordinal: int) -> int:
    return (ordinal - 1) % 7  # ordinal 1 (0001-01-01) was a Monday


class BusinessCalendar:
    """Opening hours in one time zone, with holidays and partial-day exceptions.

    ``timezone`` is a zoneinfo key (``"Europe/Berlin"``) or a ``tzinfo``;
    ``weekly_hours`` maps weekday (0 = Monday) to ``(start, end)`` local times;
    ``holidays`` are dates closed all day; ``exceptions`` maps a date to the
    intervals that *replace* its normal hours (an empty list closes it, and an
    exception wins over a holiday on the same date).

    All methods take aware datetimes (naive ones raise ``ValueError``: guessing a
    zone is how SLA clocks end up an hour off) and return aware datetimes in the
    calendar's zone. Calendars are immutable; their caches are safe to share
    between threads because every cached value is deterministic.
    """

    __slots__ = (
        "_days",
        "_exceptions",
        "_holidays",
        "_last_open_exception",
        "_raw_cache",
        "_special",
        "_std",
        "_std_prefix",
        "_transitions",
        "_tz",
        "_week",
        "_week_total",
    )

    def __init__(
        self,
        timezone: str | tzinfo,
        weekly_hours: WeeklyHours,
        holidays: Iterable[date] = (),
        *,
        exceptions: Mapping[date, Iterable[Interval]] | None = None,
    ) -> None:
        self._tz = _zone(timezone)
        self._week = parse_week(weekly_hours)
        self._holidays = frozenset(as_date(d, "holidays").toordinal() for d in holidays)
        self._exceptions = parse_exceptions(exceptions)
        self._special = sorted(self._holidays | self._exceptions.keys())
        open_exc = [o for o, offs in self._exceptions.items() if offs]
        self._last_open_exception = max(open_exc, default=0)
        self._days: dict[int, _Day] = {}
        self._raw_cache: dict[int, list[Span]] = {}
        self._transitions: dict[int, tuple[int, ...]] = {}
        self._std = self._standard_week()
        self._week_total = sum(self._std, ZERO)
        doubled = self._std * 2
        self._std_prefix = [sum(doubled[:i], ZERO) for i in range(15)]

    # ----------------------------------------------------------------- builders
    @classmethod
    def always_open(cls, timezone: str | tzinfo = "UTC") -> "BusinessCalendar":
        """A 24/7 calendar: ``add``/``between`` are plain elapsed time (DST included)."""
        return cls(timezone, {d: [(time(0), time(0))] for d in range(7)})

    @classmethod
    def from_settings(
        cls,
        timezone: str | tzinfo,
        weekly_hours: Mapping[object, Iterable[object]],
        *,
        country: str | None = None,
        subdivision: str | None = None,
        years: Iterable[int] | None = None,
        extra_holidays: Iterable[date | str] = (),
        exceptions: Mapping[date | str, Iterable[object]] | None = None,
    ) -> "BusinessCalendar":
        """Build a calendar from settings-style values (what the policy layer stores).

        Weekdays may be ``0..6`` or names (``"mon"``); times may be ``time`` objects or
        ``"HH:MM"`` strings; dates may be ``date`` objects or ISO strings. Public holidays
        come from the ``holidays`` package for ``country`` (ISO 3166-1 alpha-2) and
        ``subdivision`` (e.g. ``"BY"``) over ``years`` (default: two years back to five
        years ahead of today, since the package needs a finite range); ``extra_holidays``
        adds company-specific closed days, and ``exceptions`` gives partial days such as
        ``{"2024-12-24": [("09:00", "12:00")]}``.
        """
        closed = {as_date(d, "extra_holidays") for d in extra_holidays}
        if country:
            closed |= _public_holidays(country, subdivision, years)
        elif subdivision:
            raise ValueError("subdivision needs a country")
        exc = {as_date(d, "exceptions"): pairs for d, pairs in (exceptions or {}).items()}
        return cls(timezone, weekly_hours, closed, exceptions=exc)  # type: ignore[arg-type]

    # -------------------------------------------------------------- properties
    @property
    def tz(self) -> tzinfo:
        """The calendar's time zone; results are expressed in it."""
        return self._tz

    @property
    def holidays(self) -> frozenset[date]:
        """Dates closed all day (unless an exception reopens them)."""
        return frozenset(date.fromordinal(o) for o in self._holidays)

    @property
    def weekly_total(self) -> timedelta:
        """Open time in a week without holidays, exceptions or offset changes."""
        return self._week_total

    def __repr__(self) -> str:
        return (
            f"<BusinessCalendar {self._tz} {self._week_total} per week, "
            f"{len(self._holidays)} holidays, {len(self._exceptions)} exceptions>"
        )

    # -------------------------------------------------------------- public API
    def between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in ``[a, b)``; negative (``-between(b, a)``) when ``b < a``."""
        ua, ub = self._utc(a, "a"), self._utc(b, "b")
        if ub < ua:
            return -self._between(ub, ua)
        return self._between(ua, ub)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """Earliest instant ``t >= start`` with ``between(start, t) == duration``.

        So 8 business hours from 09:00 on a 09:00-17:00 day is 17:00 the same day
        (a deadline lands at closing time, not at the next opening), and a zero
        duration returns ``start`` itself, even when closed.
        """
        if not isinstance(duration, timedelta):
            raise TypeError(f"duration must be a timedelta, not {type(duration).__name__}")
        if duration < ZERO:
            raise ValueError(f"duration must not be negative, got {duration}")
        u = self._utc(start, "start")
        if not duration:
            return self._local(u)
        self._require_open_time()
        o, day = self._locate(u)
        hit, need = consume(day.spans, u, duration)
        limit = o + _HORIZON_DAYS
        wt = self._week_total
        while hit is None:
            o += 1
            self._check_horizon(o, limit, start)
            if wt and need >= 2 * wt:
                # Skip whole weeks arithmetically; halve the jump if holidays or DST
                # make it overshoot, so the result stays exact.
                n = need // wt - 1
                while n:
                    got = self._sum_days(o, o + 7 * n - 1)
                    if got < need:
                        need -= got
                        o += 7 * n - 1
                        break
                    n //= 2
                if n:
                    continue
            day = self._day(o)
            hit, need = consume(day.spans, day.start, need)
        return self._local(hit)

    def open_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of local ``day`` (holidays and exceptions applied), aware,
        in the calendar's zone: what opening hours shown to people are made of."""
        return [(self._local(s), self._local(e)) for s, e in self._day(day.toordinal()).spans]

    def is_open(self, t: datetime) -> bool:
        """Whether ``t`` is inside opening hours (intervals are closed-open)."""
        u = self._utc(t, "t")
        return any(s <= u < e for s, e in self._locate(u)[1].spans)

    def next_open(self, t: datetime) -> datetime:
        """``t`` itself if open, else the next instant the calendar opens."""
        u = self._utc(t, "t")
        self._require_open_time()
        o, day = self._locate(u)
        limit = o + _HORIZON_DAYS
        while True:
            for s, e in day.spans:
                if e > u:
                    return self._local(max(s, u))
            o += 1
            self._check_horizon(o, limit, t)
            day = self._day(o)

    # ------------------------------------------------------------ conversions
    def _utc(self, t: datetime, name: str) -> datetime:
        """Aware datetime -> naive UTC; reject naive input loudly."""
        if not isinstance(t, datetime):
            raise TypeError(f"{name} must be a datetime, not {type(t).__name__}")
        offset = t.utcoffset()
        if offset is None:
            raise ValueError(
                f"{name} is a naive datetime ({t.isoformat()}); business-time arithmetic "
                "needs an aware datetime (give it a tzinfo)"
            )
        return t.replace(tzinfo=None) - offset

    def _local(self, u: datetime) -> datetime:
        return self._tz.fromutc(u.replace(tzinfo=self._tz))

    def _map(self, local: datetime) -> datetime:
        """Naive local wall time -> naive UTC, as zoneinfo does with ``fold=0``."""
        return local - self._tz.utcoffset(local)  # type: ignore[operator]

    # --------------------------------------------------------------- day model
    def _raw(self, o: int) -> list[Span]:
        """UTC spans of the intervals that *start* on local day ``o`` (unmerged)."""
        spans = self._raw_cache.get(o)
        if spans is None:
            if o in self._exceptions:
                offsets = self._exceptions[o]
            elif o in self._holidays:
                offsets = ()
            else:
                offsets = self._week[_weekday(o)]
            base = datetime.fromordinal(o)
            spans = []
            for s_off, e_off in offsets:
                s, e = self._map(base + s_off), self._map(base + e_off)
                if e > s:
                    spans.append((s, e))
            if len(self._raw_cache) >= _CACHE_LIMIT:
                self._raw_cache.clear()
            self._raw_cache[o] = spans
        return spans

    def _day(self, o: int) -> _Day:
        """Merged open spans inside local day ``o``'s window, whoever's intervals they are.

        Intervals from the two previous days can reach into this day (overnight
        hours, or a DST gap that pushes a mapped end later), so all three are merged
        before clipping: that is what prevents double counting.
        """
        day = self._days.get(o)
        if day is None:
            if not 3 <= o <= _MAX_ORDINAL:
                raise ValueError("date out of the supported range (years 1..9999)")
            start = self._map(datetime.fromordinal(o))
            end = self._map(datetime.fromordinal(o + 1))
            spans = clip(merge(self._raw(o - 2) + self._raw(o - 1) + self._raw(o)), start, end)
            day = _Day(start, end, spans, sum((e - s for s, e in spans), ZERO))
            if len(self._days) >= _CACHE_LIMIT:
                self._days.clear()
            self._days[o] = day
        return day

    def _locate(self, u: datetime) -> tuple[int, _Day]:
        """The local day whose window contains the UTC instant ``u``."""
        o = self._local(u).toordinal()
        while True:
            day = self._day(o)
            if u < day.start:
                o -= 1
            elif u >= day.end:
                o += 1
            else:
                return o, day

    def _standard_week(self) -> tuple[timedelta, ...]:
        """Open time of each weekday when no holiday, exception or offset change is near.

        Computed in a fixed-offset world (local == UTC), where every week is alike;
        the real zone differs from it only on the irregular days handled separately.
        """
        spans = []
        for o in range(_REF_MONDAY - 7, _REF_MONDAY + 8):
            base = datetime.fromordinal(o)
            spans += [(base + s, base + e) for s, e in self._week[_weekday(o)]]
        merged = merge(spans)
        return tuple(
            measure(merged, datetime.fromordinal(o), datetime.fromordinal(o + 1))
            for o in range(_REF_MONDAY, _REF_MONDAY + 7)
        )

    def _offset_changes(self, year: int) -> tuple[int, ...]:
        """Local days of ``year`` during which the UTC offset changes (cached per year).

        Sampling the offset at each local midnight is exact for real zones (they do
        not change offset twice within one day) and costs ~50 us per year.
        """
        found = self._transitions.get(year)
        if found is None:
            first = date(year, 1, 1).toordinal()
            last = min(date(year, 12, 31).toordinal() + 1, date.max.toordinal())
            offset, fromordinal = self._tz.utcoffset, datetime.fromordinal
            prev = offset(fromordinal(first))
            changes = []
            for o in range(first + 1, last + 1):
                cur = offset(fromordinal(o))
                if cur != prev:
                    changes.append(o - 1)
                    prev = cur
            found = self._transitions[year] = tuple(changes)
        return found

    def _irregular(self, first: int, last: int) -> set[int]:
        """Days in ``[first, last]`` whose open time may differ from the standard week."""
        out: set[int] = set()
        lo = bisect.bisect_left(self._special, first - 1)
        hi = bisect.bisect_right(self._special, last)
        for o in self._special[lo:hi]:
            out.update((o, o + 1))  # the day itself and the day its overnight hours reach
        for year in range(date.fromordinal(first - 2).year, date.fromordinal(last + 2).year + 1):
            for o in self._offset_changes(year):
                out.update(range(o - 2, o + 3))
        return {o for o in out if first <= o <= last}

    def _sum_days(self, first: int, last: int) -> timedelta:
        """Open time of the whole local days ``first..last`` (inclusive)."""
        n = last - first + 1
        if n <= 14:
            return sum((self._day(o).total for o in range(first, last + 1)), ZERO)
        weeks, rest = divmod(n, 7)
        w = _weekday(first)
        total = self._week_total * weeks + self._std_prefix[w + rest] - self._std_prefix[w]
        for o in self._irregular(first, last):
            total += self._day(o).total - self._std[_weekday(o)]
        return total

    def _between(self, ua: datetime, ub: datetime) -> timedelta:
        oa, da = self._locate(ua)
        ob, db = self._locate(ub)
        if oa == ob:
            return measure(da.spans, ua, ub)
        head = measure(da.spans, ua, da.end)
        tail = measure(db.spans, db.start, ub)
        return head + self._sum_days(oa + 1, ob - 1) + tail

    # ----------------------------------------------------------------- guards
    def _require_open_time(self) -> None:
        if not self._week_total and not self._last_open_exception:
            raise ValueError("calendar has no opening hours at all; cannot find open time")

    def _check_horizon(self, o: int, limit: int, origin: datetime) -> None:
        if o > limit or (not self._week_total and o > self._last_open_exception + 3):
            raise ValueError(
                f"calendar is closed for more than {MAX_SEARCH_YEARS} years after "
                f"{origin.isoformat()} (or never opens again): check its hours and holidays"
            )


def _zone(timezone: str | tzinfo) -> tzinfo:
    """Resolve a zoneinfo key (a clear ``ValueError`` if unknown) or pass a tzinfo through."""
    if isinstance(timezone, tzinfo):
        return timezone
    if timezone == "UTC":
        return UTC
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown time zone {timezone!r}") from exc


def _public_holidays(
    country: str, subdivision: str | None, years: Iterable[int] | None
) -> set[date]:
    """Public holidays from the optional ``holidays`` package, for a finite year range."""
    try:
        import holidays as holidays_pkg  # optional dependency, loaded lazily
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ValueError("country holidays need the 'holidays' package installed") from exc
    if years is None:
        this_year = date.today().year  # only picks a range of years
        years = range(this_year - 2, this_year + 6)
    try:
        table = holidays_pkg.country_holidays(country, subdiv=subdivision, years=list(years))
    except NotImplementedError as exc:
        raise ValueError(f"no holiday data for country={country!r}, {subdivision=}") from exc
    return set(table.keys())
