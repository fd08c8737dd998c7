"""Tests for realdesk.sla.calendars: worked examples plus properties against a brute force.

The reference implementation below builds every open interval day by day, in UTC,
with aware-datetime conversions and no shortcuts; the calendar's week-skipping fast
path must agree with it to the microsecond.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realdesk.sla import calendars
from realdesk.sla.calendars import BusinessCalendar

H = timedelta(hours=1)
DAY = timedelta(days=1)
US = timedelta(microseconds=1)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
WEEKDAYS_9_17 = {d: [(time(9), time(17))] for d in range(5)}


def at(tz, *args):
    return datetime(*args, tzinfo=tz)


def utc(t):
    """Aware datetimes with the same tzinfo compare by wall time; compare instants in UTC."""
    return t.astimezone(UTC)


def office(tz="Europe/Berlin", **kw):
    return BusinessCalendar(tz, WEEKDAYS_9_17, **kw)


# ---------------------------------------------------------------- reference model
@dataclass(frozen=True)
class Spec:
    tz: str
    weekly: dict = field(default_factory=dict)
    holidays: frozenset = frozenset()
    exceptions: dict = field(default_factory=dict)

    def build(self):
        return BusinessCalendar(self.tz, self.weekly, self.holidays, exceptions=self.exceptions)


def ref_spans(spec, first, last):
    """Merged UTC spans of every interval starting on local days first..last (brute force)."""
    tz = ZoneInfo(spec.tz)
    raw = []
    d = first
    while d <= last:
        if d in spec.exceptions:
            hours = spec.exceptions[d]
        elif d in spec.holidays:
            hours = []
        else:
            hours = spec.weekly.get(d.weekday(), [])
        for s, e in hours:
            lo = datetime.combine(d, s, tzinfo=tz).astimezone(UTC)
            hi = datetime.combine(d if e > s else d + DAY, e, tzinfo=tz).astimezone(UTC)
            if hi > lo:
                raw.append((lo, hi))
        d += DAY
    merged = []
    for s, e in sorted(raw):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def local_date(spec, t):
    return t.astimezone(ZoneInfo(spec.tz)).date()


def ref_between(spec, a, b):
    a, b = utc(a), utc(b)
    if b < a:
        return -ref_between(spec, b, a)
    spans = ref_spans(spec, local_date(spec, a) - 3 * DAY, local_date(spec, b) + DAY)
    return sum((min(e, b) - max(s, a) for s, e in spans if e > a and s < b), timedelta(0))


def ref_add(spec, start, duration, horizon):
    start = utc(start)
    if not duration:
        return start
    spans = ref_spans(spec, local_date(spec, start) - 3 * DAY, local_date(spec, horizon) + DAY)
    for s, e in spans:
        if e <= start:
            continue
        s = max(s, start)
        if duration <= e - s:
            return s + duration
        duration -= e - s
    raise AssertionError("reference found no result before the horizon")


def ref_next_open(spec, t, max_days=520):
    t = utc(t)
    first = local_date(spec, t) - 3 * DAY
    for chunk in range(0, max_days, 60):
        lo, hi = first + chunk * DAY, first + (chunk + 59) * DAY
        for s, e in ref_spans(spec, lo - 3 * DAY, hi):
            if e > t:
                return max(s, t)
    return None


# ------------------------------------------------------------------ strategies
def _transitions(key, years=range(2022, 2029)):
    """UTC instants where the zone's offset changes, found by a daily scan plus bisection."""
    tz = ZoneInfo(key)
    found = []
    t = datetime(years.start, 1, 1, tzinfo=UTC)
    end = datetime(years.stop, 1, 1, tzinfo=UTC)
    while t < end:
        nxt = t + DAY
        if t.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset():
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                same = mid.astimezone(tz).utcoffset() == lo.astimezone(tz).utcoffset()
                lo, hi = (mid, hi) if same else (lo, mid)
            found.append(hi)
        t = nxt
    return found


TRANSITIONS = {key: _transitions(key) for key in ZONES}

hours_st = st.one_of(st.integers(0, 23), st.sampled_from([0, 1, 2, 3, 22, 23]))
times_st = st.builds(
    time,
    hours_st,
    st.one_of(st.sampled_from([0, 30]), st.integers(0, 59)),
    st.sampled_from([0] * 5 + [17]),
)
# Overnight, full-day and DST-gap intervals are where calendars go wrong: draw them often.
pairs_st = st.one_of(
    st.tuples(times_st, times_st),
    st.sampled_from(
        [(time(22), time(6)), (time(0), time(0)), (time(9), time(9)), (time(2, 30), time(3))]
    ),
)
intervals_st = st.lists(pairs_st, max_size=3)


@st.composite
def instants(draw, zone, base=None):
    """An aware instant, often within hours of a DST transition of ``zone``."""
    if base is not None:
        secs = draw(st.one_of(st.integers(-7200, 7200), st.integers(-430 * 86400, 430 * 86400)))
        t = utc(base) + timedelta(seconds=secs)
    elif TRANSITIONS[zone] and draw(st.booleans()):
        edge = draw(st.sampled_from(TRANSITIONS[zone]))
        secs = draw(st.one_of(st.integers(-7200, 7200), st.integers(-4 * 86400, 4 * 86400)))
        t = edge + timedelta(seconds=secs)
    else:
        t = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(
            seconds=draw(st.integers(0, 4 * 365 * 86400))
        )
    t += timedelta(microseconds=draw(st.sampled_from([0, 0, 0, 1, 999_999])))
    return t.astimezone(draw(st.sampled_from([ZoneInfo(zone), UTC, LORD_HOWE])))


@st.composite
def scenarios(draw):
    """A random calendar and a start; holidays and exceptions fall near the start."""
    zone = draw(st.sampled_from(ZONES))
    start = draw(instants(zone))
    day0 = start.astimezone(ZoneInfo(zone)).date()
    near = st.builds(
        lambda n: day0 + timedelta(days=n),
        st.one_of(st.integers(-1, 1), st.integers(-3, 30), st.integers(-3, 420)),
    )
    weekly = dict(enumerate(draw(st.lists(intervals_st, min_size=7, max_size=7))))
    holidays = frozenset(draw(st.lists(near, max_size=15)))
    exceptions = draw(st.dictionaries(near, st.lists(pairs_st, max_size=2), max_size=4))
    return Spec(zone, weekly, holidays, exceptions), start


spans_st = st.one_of(
    st.integers(0, 3 * 86400), st.integers(0, 45 * 86400), st.integers(0, 420 * 86400)
)
fast = settings(
    max_examples=250, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


# ------------------------------------------------------------ property tests
@fast
@given(scenarios(), spans_st, st.integers(0, 10**6), st.booleans())
def test_add_matches_reference_and_is_earliest(scenario, span, k, exact):
    spec, start = scenario
    cal = spec.build()
    horizon = utc(start) + timedelta(seconds=span)
    available = ref_between(spec, start, horizon)
    duration = available if exact else available * k // 10**6
    got = cal.add(start, duration)
    assert utc(got) == ref_add(spec, start, duration, horizon)
    assert got.tzinfo is cal.tz
    assert utc(got) >= utc(start)
    assert cal.between(start, got) == duration
    if duration:
        assert cal.between(start, utc(got) - US) < duration
    assert utc(cal.add(start, duration)) == utc(got)  # warm caches give the same answer


@fast
@given(scenarios(), st.data())
def test_between_matches_reference_and_is_additive(scenario, data):
    spec, a = scenario
    cal = spec.build()
    b = data.draw(instants(spec.tz, base=a))
    c = data.draw(instants(spec.tz, base=a))
    ab = cal.between(a, b)
    assert ab == ref_between(spec, a, b)
    assert cal.between(b, a) == -ab
    assert cal.between(a, c) == ab + cal.between(b, c)


@fast
@given(scenarios())
def test_is_open_and_next_open_match_reference(scenario):
    spec, t = scenario
    cal = spec.build()
    expected = ref_next_open(spec, t)
    assert cal.is_open(t) == (expected == utc(t))
    if expected is None:
        with pytest.raises(ValueError, match=r"closed|opening hours"):
            cal.next_open(t)
    else:
        got = cal.next_open(t)
        assert utc(got) == expected
        assert got.tzinfo is cal.tz
        assert cal.is_open(got)


@settings(max_examples=100, deadline=None, database=None)
@given(st.sampled_from(ZONES), st.data(), st.integers(0, 400 * 86400 * 10**6))
def test_always_open_is_plain_elapsed_time(zone, data, micros):
    cal = BusinessCalendar.always_open(zone)
    a = data.draw(instants(zone))
    b = data.draw(instants(zone, base=a))
    assert cal.between(a, b) == utc(b) - utc(a)
    d = timedelta(microseconds=micros)
    assert utc(cal.add(a, d)) == utc(a) + d


# ------------------------------------------------------------- worked examples
def night(tz):
    return BusinessCalendar(tz, {d: [(time(22), time(6))] for d in range(7)})


def early(tz):
    return BusinessCalendar(tz, {d: [(time(0), time(6))] for d in range(7)})


ADD_CASES = [
    (
        "8h from 09:00 ends at closing",
        office(),
        at(BERLIN, 2024, 3, 4, 9),
        8 * H,
        at(BERLIN, 2024, 3, 4, 17),
    ),
    ("Friday 16:00 + 2h", office(), at(BERLIN, 2024, 3, 8, 16), 2 * H, at(BERLIN, 2024, 3, 11, 10)),
    (
        "from a closed Saturday",
        office(),
        at(BERLIN, 2024, 3, 9, 12),
        H,
        at(BERLIN, 2024, 3, 11, 10),
    ),
    (
        "Monday holiday is skipped",
        office(holidays=[date(2024, 3, 11)]),
        at(BERLIN, 2024, 3, 8, 16),
        2 * H,
        at(BERLIN, 2024, 3, 12, 10),
    ),
    (
        "zero duration while closed",
        office(),
        at(BERLIN, 2024, 3, 9, 12),
        timedelta(0),
        at(BERLIN, 2024, 3, 9, 12),
    ),
    (
        "overnight 22-06",
        night("Europe/Berlin"),
        at(BERLIN, 2024, 3, 4, 23),
        8 * H,
        at(BERLIN, 2024, 3, 5, 23),
    ),
    (
        "several intervals a day",
        BusinessCalendar("UTC", {0: [(time(9), time(12)), (time(13), time(17))]}),
        at(UTC, 2024, 3, 4, 11),
        2 * H,
        at(UTC, 2024, 3, 4, 14),
    ),
    (
        "24h interval (start == end)",
        BusinessCalendar("UTC", {0: [(time(8), time(8))]}),
        at(UTC, 2024, 3, 4, 8),
        24 * H,
        at(UTC, 2024, 3, 5, 8),
    ),
    (
        "overlap counted once",
        BusinessCalendar("UTC", {0: [(time(22), time(6))], 1: [(time(5), time(9))]}),
        at(UTC, 2024, 3, 4, 22),
        11 * H,
        at(UTC, 2024, 3, 5, 9),
    ),
    (
        "Christmas Eve exception",
        office(
            holidays=[date(2024, 12, 25), date(2024, 12, 26)],
            exceptions={date(2024, 12, 24): [(time(9), time(12))]},
        ),
        at(BERLIN, 2024, 12, 24, 10),
        4 * H,
        at(BERLIN, 2024, 12, 27, 11),
    ),
    (
        "Berlin fall-back night",
        early("Europe/Berlin"),
        at(BERLIN, 2024, 10, 27),
        6 * H,
        at(BERLIN, 2024, 10, 27, 5),
    ),
    (
        "New York spring-forward",
        early("America/New_York"),
        at(NEW_YORK, 2024, 3, 10),
        5 * H,
        at(NEW_YORK, 2024, 3, 10, 6),
    ),
    (
        "New York fall-back",
        early("America/New_York"),
        at(NEW_YORK, 2024, 11, 3),
        7 * H,
        at(NEW_YORK, 2024, 11, 3, 6),
    ),
    (
        "tiny calendar whose one hour doubles at fall-back",
        BusinessCalendar("America/New_York", {6: [(time(1), time(2))]}),
        at(NEW_YORK, 2024, 11, 2, 12),
        2 * H,
        at(UTC, 2024, 11, 3, 7),
    ),
    (
        "half a year of nights",
        early("Europe/Berlin"),
        at(BERLIN, 2024, 1, 1),
        1091 * H,
        at(BERLIN, 2024, 6, 30, 6),
    ),
    (
        "2000 business hours",
        office(),
        at(BERLIN, 2024, 1, 15, 10),
        2000 * H,
        at(BERLIN, 2024, 12, 30, 10),
    ),
]


@pytest.mark.parametrize(
    ("cal", "start", "duration", "expected"),
    [c[1:] for c in ADD_CASES],
    ids=[c[0] for c in ADD_CASES],
)
def test_add_examples(cal, start, duration, expected):
    assert utc(cal.add(start, duration)) == utc(expected)


BETWEEN_CASES = [
    ("one office day", office(), at(BERLIN, 2024, 3, 4, 8), at(BERLIN, 2024, 3, 4, 18), 8 * H),
    ("negative", office(), at(BERLIN, 2024, 3, 4, 18), at(BERLIN, 2024, 3, 4, 8), -8 * H),
    ("a plain week", office(), at(BERLIN, 2024, 3, 4), at(BERLIN, 2024, 3, 11), 40 * H),
    (
        "Berlin spring day, 24/7",
        BusinessCalendar.always_open("Europe/Berlin"),
        at(BERLIN, 2024, 3, 31),
        at(BERLIN, 2024, 4, 1),
        23 * H,
    ),
    (
        "Berlin fall day, 24/7",
        BusinessCalendar.always_open("Europe/Berlin"),
        at(BERLIN, 2024, 10, 27),
        at(BERLIN, 2024, 10, 28),
        25 * H,
    ),
    (
        "Berlin spring 00-06",
        early("Europe/Berlin"),
        at(BERLIN, 2024, 3, 31),
        at(BERLIN, 2024, 4, 1),
        5 * H,
    ),
    (
        "Berlin fall 00-06",
        early("Europe/Berlin"),
        at(BERLIN, 2024, 10, 27),
        at(BERLIN, 2024, 10, 28),
        7 * H,
    ),
    (
        "New York spring 00-06",
        early("America/New_York"),
        at(NEW_YORK, 2024, 3, 10),
        at(NEW_YORK, 2024, 3, 11),
        5 * H,
    ),
    (
        "New York fall 00-06",
        early("America/New_York"),
        at(NEW_YORK, 2024, 11, 3),
        at(NEW_YORK, 2024, 11, 4),
        7 * H,
    ),
    (
        "New York fall night 22-06",
        night("America/New_York"),
        at(NEW_YORK, 2024, 11, 2, 12),
        at(NEW_YORK, 2024, 11, 3, 12),
        9 * H,
    ),
    (
        "Lord Howe 30-min fall-back",
        BusinessCalendar.always_open("Australia/Lord_Howe"),
        at(LORD_HOWE, 2024, 4, 7),
        at(LORD_HOWE, 2024, 4, 8),
        24.5 * H,
    ),
    (
        "interval inside the DST gap is empty",
        BusinessCalendar("Europe/Berlin", {6: [(time(2, 30), time(3))]}),
        at(BERLIN, 2024, 3, 30),
        at(BERLIN, 2024, 4, 1),
        timedelta(0),
    ),
    (
        "holiday closes the part after midnight",
        BusinessCalendar(
            "Europe/Berlin",
            {0: [(time(22), time(6))], 1: [(time(22), time(6))]},
            [date(2024, 3, 4)],
        ),
        at(BERLIN, 2024, 3, 4),
        at(BERLIN, 2024, 3, 6, 12),
        8 * H,
    ),
    (
        "holiday on the first day of a long span",
        BusinessCalendar("UTC", {0: [(time(22), time(6))]}, [date(2024, 3, 4)]),
        at(UTC, 2024, 3, 4, 12),
        at(UTC, 2024, 4, 1, 12),
        24 * H,
    ),
    (
        "holiday inside a long span",
        BusinessCalendar("UTC", {0: [(time(22), time(6))]}, [date(2024, 3, 4)]),
        at(UTC, 2024, 2, 1),
        at(UTC, 2024, 5, 1),
        12 * 8 * H,
    ),
    (
        "half a year of nights",
        early("Europe/Berlin"),
        at(BERLIN, 2024, 1, 1),
        at(BERLIN, 2024, 7, 1),
        1091 * H,
    ),
    (
        "holiday on the last whole day",
        office(holidays=[date(2024, 3, 8)]),
        at(BERLIN, 2024, 2, 1),
        at(BERLIN, 2024, 3, 9, 12),
        26 * 8 * H,
    ),
    (
        "a leap year of office hours",
        office(),
        at(BERLIN, 2024, 1, 1),
        at(BERLIN, 2025, 1, 1),
        262 * 8 * H,
    ),
    (
        "empty calendar",
        BusinessCalendar("UTC", {}),
        at(UTC, 2024, 1, 1),
        at(UTC, 2025, 1, 1),
        timedelta(0),
    ),
]


@pytest.mark.parametrize(
    ("cal", "a", "b", "expected"), [c[1:] for c in BETWEEN_CASES], ids=[c[0] for c in BETWEEN_CASES]
)
def test_between_examples(cal, a, b, expected):
    assert cal.between(a, b) == expected


def test_is_open_and_next_open_examples():
    cal = office()
    assert cal.is_open(at(BERLIN, 2024, 3, 4, 9))
    assert not cal.is_open(at(BERLIN, 2024, 3, 4, 17))  # closing time is closed
    inside = at(UTC, 2024, 3, 4, 12)
    assert cal.next_open(inside) == inside
    assert cal.next_open(at(BERLIN, 2024, 3, 9, 12)) == at(BERLIN, 2024, 3, 11, 9)
    nights = BusinessCalendar("UTC", {0: [(time(22), time(6))]}, [date(2024, 3, 4)])
    assert not nights.is_open(at(UTC, 2024, 3, 5, 3))
    assert nights.next_open(at(UTC, 2024, 3, 5, 3)) == at(UTC, 2024, 3, 11, 22)


def test_results_are_in_calendar_zone():
    got = office().add(at(UTC, 2024, 3, 4, 8), H)
    assert got.tzinfo is BERLIN
    assert (got.hour, got.minute) == (10, 0)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add(datetime(2024, 3, 4, 9), H),
        lambda c: c.between(datetime(2024, 3, 4, 9), at(UTC, 2024, 3, 5)),
        lambda c: c.between(at(UTC, 2024, 3, 5), datetime(2024, 3, 4, 9)),
        lambda c: c.is_open(datetime(2024, 3, 4, 9)),
        lambda c: c.next_open(datetime(2024, 3, 4, 9)),
    ],
)
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError, match="naive"):
        call(office())


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="negative"):
        office().add(at(UTC, 2024, 3, 4), -H)
    with pytest.raises(TypeError):
        office().add(at(UTC, 2024, 3, 4), 3600)
    with pytest.raises(ValueError, match="time zone"):
        BusinessCalendar("Mars/Olympus", {})
    with pytest.raises(ValueError, match="weekday"):
        BusinessCalendar("UTC", {7: [(time(9), time(17))]})
    with pytest.raises(ValueError, match="naive"):
        BusinessCalendar("UTC", {0: [(time(9, tzinfo=UTC), time(17))]})


def test_calendar_without_open_time_fails_fast():
    empty = BusinessCalendar("UTC", {})
    start = at(UTC, 2024, 3, 4)
    assert empty.add(start, timedelta(0)) == start
    for call in (lambda: empty.add(start, H), lambda: empty.next_open(start)):
        with pytest.raises(ValueError, match="no opening hours"):
            call()
    # Open only through a one-off exception: usable until then, a clear error after.
    once = BusinessCalendar("UTC", {}, exceptions={date(2024, 3, 6): [(time(9), time(10))]})
    assert once.add(start, H) == at(UTC, 2024, 3, 6, 10)
    with pytest.raises(ValueError, match="never opens again"):
        once.add(start, 2 * H)


def test_search_is_bounded_when_every_open_day_is_a_holiday(monkeypatch):
    monkeypatch.setattr(calendars, "_HORIZON_DAYS", 3 * 366)
    mondays = [date(2024, 1, 1) + timedelta(weeks=n) for n in range(600)]
    cal = BusinessCalendar("UTC", {0: [(time(9), time(17))]}, mondays)
    start = at(UTC, 2024, 1, 1)
    with pytest.raises(ValueError, match="closed for more than"):
        cal.add(start, H)
    with pytest.raises(ValueError, match="closed for more than"):
        cal.next_open(start)
    with pytest.raises(ValueError, match="closed for more than"):
        cal.add(start, 1000 * H)


def test_from_settings_uses_holidays_package_and_exceptions():
    cal = BusinessCalendar.from_settings(
        "Europe/Berlin",
        {"mon": [("09:00", "17:00")], "tue": [("09:00", "17:00")], 2: [(time(9), time(17))]},
        country="DE",
        subdivision="BY",
        years=[2024, 2025],
        extra_holidays=["2025-01-08"],
        exceptions={"2024-12-24": [("09:00", "12:00")]},
    )
    assert date(2025, 1, 6) in cal.holidays  # Epiphany: Bavaria only
    assert cal.between(at(BERLIN, 2024, 12, 23), at(BERLIN, 2024, 12, 30)) == 8 * H + 3 * H
    assert cal.add(at(BERLIN, 2025, 1, 3), H) == at(BERLIN, 2025, 1, 7, 10)
    assert cal.next_open(at(BERLIN, 2025, 1, 7, 18)) == at(BERLIN, 2025, 1, 13, 9)
    with pytest.raises(ValueError, match="country"):
        BusinessCalendar.from_settings("UTC", {}, country="XX", years=[2024])
    with pytest.raises(ValueError, match="needs a country"):
        BusinessCalendar.from_settings("UTC", {}, subdivision="BY")
