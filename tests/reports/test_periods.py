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


def test_the_days_comparisons_end_on_today_and_tomorrow():
    """On Thursday 26 November the week is compared up to Thursday 19th (20th tomorrow),
    the 4 weeks up to 29 October (30th), the quarter up to 26 August (27th): the days
    whose rollups keep each customer's seconds for the comparison's live hour."""
    days = comparison_days(now=berlin(2026, 11, 26, 15, 30), zone=BERLIN)
    assert days == {
        date(2026, 11, 19),
        date(2026, 11, 20),
        date(2026, 10, 29),
        date(2026, 10, 30),
        date(2026, 8, 26),
        date(2026, 8, 27),
    }


def test_tomorrow_s_comparison_days_follow_the_quarter_into_the_next():
    """On New Year's Eve the quarter is compared up to 30 September at 10:00; tomorrow,
    in a new quarter, up to 1 October at 10:00."""
    days = comparison_days(now=berlin(2026, 12, 31, 10), zone=BERLIN)
    assert days == {
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 3),
        date(2026, 12, 4),
        date(2026, 9, 30),
        date(2026, 10, 1),
    }
