"""Private helpers for :mod:`realdesk.sla.calendars`: span arithmetic and input parsing.

A *span* is a half-open ``(start, end)`` pair of naive UTC datetimes. The calendar
keeps every instant in naive UTC internally because comparisons and subtraction are
then plain, exact C-level operations with no tzinfo lookups on the hot path.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

Span = tuple[datetime, datetime]
Interval = tuple[time, time]
#: An interval as offsets from local midnight of the day it starts on.
Offsets = tuple[timedelta, timedelta]

ZERO = timedelta(0)
DAY = timedelta(days=1)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def merge(spans: list[Span]) -> list[Span]:
    """Sort and coalesce overlapping or touching spans so no instant counts twice."""
    spans.sort()
    out: list[Span] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def clip(spans: Iterable[Span], lo: datetime, hi: datetime) -> tuple[Span, ...]:
    """Restrict merged spans to ``[lo, hi)``, dropping empty pieces."""
    out = []
    for s, e in spans:
        s = max(s, lo)
        e = min(e, hi)
        if e > s:
            out.append((s, e))
    return tuple(out)


def measure(spans: Iterable[Span], lo: datetime, hi: datetime) -> timedelta:
    """Total length of the part of ``spans`` (sorted, disjoint) inside ``[lo, hi)``."""
    total = ZERO
    for s, e in spans:
        if e <= lo:
            continue
        if s >= hi:
            break
        total += min(e, hi) - max(s, lo)
    return total


def consume(
    spans: Iterable[Span], frm: datetime, need: timedelta
) -> tuple[datetime | None, timedelta]:
    """Use up ``need`` of open time from ``frm``: ``(instant, ZERO)`` or ``(None, left over)``.

    The instant returned is the earliest at which the open time since ``frm``
    reaches ``need``: open time grows strictly inside a span, so that is
    ``span_start + remaining`` in the span where it runs out.
    """
    for s, e in spans:
        if e <= frm:
            continue
        if s < frm:
            s = frm
        avail = e - s
        if need <= avail:
            return s + need, ZERO
        need -= avail
    return None, need


def _as_time(value: object, where: str) -> time:
    """Accept a naive ``datetime.time`` or an ``"HH:MM[:SS]"`` string (settings files)."""
    if isinstance(value, str):
        try:
            value = time.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{where}: {value!r} is not a time like '09:00'") from exc
    if not isinstance(value, time):
        raise TypeError(f"{where}: expected datetime.time, got {type(value).__name__}")
    if value.tzinfo is not None:
        raise ValueError(f"{where}: times are local wall-clock times and must be naive")
    return value.replace(fold=0)


def interval_offsets(pairs: Iterable[object], where: str) -> tuple[Offsets, ...]:
    """Normalise ``(start, end)`` pairs to offsets from the local midnight of their day.

    ``end <= start`` means the interval ends on the next local day, so ``start ==
    end`` is a full wall-clock day; keeping offsets lets the calendar build the
    local datetimes of any day with one addition each.
    """
    out = []
    for pair in pairs:
        try:
            start, end = pair  # type: ignore[misc]
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{where}: expected (start, end) pairs, got {pair!r}") from exc
        s = _as_time(start, where)
        e = _as_time(end, where)
        s_off = timedelta(
            hours=s.hour, minutes=s.minute, seconds=s.second, microseconds=s.microsecond
        )
        e_off = timedelta(
            hours=e.hour, minutes=e.minute, seconds=e.second, microseconds=e.microsecond
        )
        if e_off <= s_off:
            e_off += DAY
        out.append((s_off, e_off))
    return tuple(sorted(out))


def weekday_key(key: object) -> int:
    """Accept 0..6 (0 = Monday) or an English day name/abbreviation such as ``"mon"``."""
    if isinstance(key, str):
        name = key.strip().lower()[:3]
        if name in DAY_NAMES:
            return DAY_NAMES.index(name)
    elif isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 6:
        return key
    raise ValueError(f"weekly_hours key {key!r} is not a weekday (0=Monday .. 6=Sunday)")


def parse_week(weekly_hours: Mapping[object, Iterable[object]]) -> tuple[tuple[Offsets, ...], ...]:
    """Turn the public ``weekly_hours`` mapping into seven tuples of offsets."""
    week: list[list[Offsets]] = [[] for _ in range(7)]
    for key, pairs in weekly_hours.items():
        day = weekday_key(key)
        week[day].extend(interval_offsets(pairs, f"weekly_hours[{key!r}]"))
    return tuple(tuple(sorted(d)) for d in week)


def parse_exceptions(
    exceptions: Mapping[date, Iterable[object]] | None,
) -> dict[int, tuple[Offsets, ...]]:
    """Turn ``{date: [(start, end), ...]}`` into ``{ordinal: offsets}``."""
    out: dict[int, tuple[Offsets, ...]] = {}
    for day, pairs in (exceptions or {}).items():
        out[as_date(day, "exceptions").toordinal()] = interval_offsets(
            pairs, f"exceptions[{day!s}]"
        )
    return out


def as_date(value: object, where: str) -> date:
    """Accept a ``date`` (not a ``datetime``) or an ISO ``"YYYY-MM-DD"`` string."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{where}: {value!r} is not a date like '2024-12-24'") from exc
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise TypeError(f"{where}: expected datetime.date, got {type(value).__name__}")
