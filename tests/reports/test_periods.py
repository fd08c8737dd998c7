"""Report periods and what each is compared with, across weeks, quarters and DST."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from realdesk.core.errors import ApplicationError
from realdesk.reports.periods import Period, comparison_days, period_preset

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_this_week_to_date_is_compared_with_last_week_to_the_same_hour():
    now = berlin(2026, 11, 26, 15, 30)  # a Thursday
    period = period_preset("week", now=now, zone=BERLIN)
    assert (period.since, period.until) == (berlin(2026, 11, 23), now)
    assert (period.previous_since, period.previous_until) == (
        berlin(2026, 11, 16),
        berlin(2026, 11, 19, 15, 30),
    )


def test_a_week_back_across_the_dst_change_is_wall_clock_time():
    now = berlin(2026, 10, 28, 12, 0)  # the Wednesday after clocks went back on Sunday 25th
    period = period_preset("week", now=now, zone=BERLIN)
    assert period.previous_until == berlin(2026, 10, 21, 12, 0)
    assert period.previous_until.utcoffset() == timedelta(hours=2)  # summer time then
    elapsed = period.until.astimezone(UTC) - period.previous_until.astimezone(UTC)
    assert elapsed == timedelta(days=7, hours=1)


def test_the_week_starts_at_local_midnight_not_utc():
    now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # already Monday 00:30 in Berlin
    period = period_preset("week", now=now, zone=BERLIN)
    assert period.since == berlin(2026, 11, 23)


def test_last_four_weeks_are_28_days_including_today():
    now = berlin(2026, 11, 26, 10, 0)
    period = period_preset("4weeks", now=now, zone=BERLIN)
    assert period.since == berlin(2026, 10, 30)
    assert period.previous_since == berlin(2026, 10, 2)
    assert period.previous_until == berlin(2026, 10, 29, 10, 0)


def test_quarter_to_date_against_the_previous_quarter_so_far():
    now = berlin(2027, 1, 11, 0, 0)  # ten days into Q1
    period = period_preset("quarter", now=now, zone=BERLIN)
    assert period.since == berlin(2027, 1, 1)
    assert period.previous_since == berlin(2026, 10, 1)
    assert period.previous_until - period.previous_since == timedelta(days=10)


def test_custom_days_are_inclusive_and_compared_with_as_many_days_before():
    period = period_preset(
        "custom",
        now=berlin(2026, 12, 1),
        zone=BERLIN,
        first_day=date(2026, 11, 9),
        last_day=date(2026, 11, 15),
    )
    assert (period.since, period.until) == (berlin(2026, 11, 9), berlin(2026, 11, 16))
    assert (period.previous_since, period.previous_until) == (berlin(2026, 11, 2), period.since)


@pytest.mark.parametrize(
    ("name", "first_day", "last_day"),
    [
        ("yesterday", None, None),
        ("custom", None, date(2026, 11, 1)),
        ("custom", date(2026, 11, 2), date(2026, 11, 1)),
        ("custom", date(2024, 1, 1), date(2026, 1, 1)),  # longer than 400 days
    ],
)
def test_bad_ranges_are_refused_with_a_reason(name, first_day, last_day):
    with pytest.raises(ApplicationError) as error:
        period_preset(
            name, now=berlin(2026, 12, 1), zone=BERLIN, first_day=first_day, last_day=last_day
        )
    assert error.value.code == "range"


def test_between_compares_with_the_range_just_before():
    period = Period.between(berlin(2026, 11, 10), berlin(2026, 11, 12))
    assert (period.previous_since, period.previous_until) == (
        berlin(2026, 11, 8),
        berlin(2026, 11, 10),
    )


@pytest.mark.parametrize(
    ("now", "week", "four_weeks", "quarter"),
    [
        # A Thursday: the week up to Thursday 19th (20th tomorrow), and so on.
        (berlin(2026, 11, 26, 15, 30), (19, 20), ((10, 29), (10, 30)), ((8, 26), (8, 27))),
        # New Year's Eve: the quarter up to 30 September at 10:00; tomorrow, in a new
        # quarter, up to 1 October at 10:00.
        (berlin(2026, 12, 31, 10), (24, 25), ((12, 3), (12, 4)), ((9, 30), (10, 1))),
    ],
)
def test_the_days_comparisons_end_on_today_and_tomorrow(now, week, four_weeks, quarter):
    """The days whose rollups keep their wait pieces for the comparison's last day: where
    the week's, the 4 weeks' and the quarter's comparisons end, today and tomorrow."""
    expected = {date(2026, now.month, day) for day in week}
    expected |= {date(2026, month, day) for month, day in (*four_weeks, *quarter)}
    assert comparison_days(now=now, zone=BERLIN) == expected
