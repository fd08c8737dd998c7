"""Daily rollups: the figures read from rollups equal the figures read live, re-running
a day changes nothing, and a day not over yet is never rolled up."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import AgentFactory, open_ticket
from realdesk.reports.actions import rollup_day, rollup_days, rollup_today
from realdesk.reports.models import DailyRollup, RolledDay
from realdesk.reports.selectors import first_response, resolution, sla_attainment
from realdesk.reports.selectors.first_human import human_wait
from realdesk.reports.selectors.outcomes import reopen_rate
from realdesk.reports.selectors.rollups import report_split
from realdesk.reports.selectors.touches import one_touch, recontacts
from realdesk.reports.selectors.volume import arrivals
from realdesk.reports.selectors.waits import customer_waits
from realdesk.reports.tallies import tally_merge
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Status
from reports.conftest import berlin, between

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def berlin_days(settings):
    """Days start at midnight in Berlin, where the hand-made history happens."""
    settings.TIME_ZONE = "Europe/Berlin"


@pytest.fixture
def history(policy, lead, team):
    """Across a weekend: Friday 16:00 answered Monday 10:00 (2 open hours), solved Tuesday
    11:00; Monday 09:00 on the web answered at 09:30; Tuesday 08:00 answered at 12:00."""
    friday = open_ticket(at=berlin(2026, 11, 27, 16), team=team)
    message_send(ticket=friday, agent=lead, body_text="On it.", at=berlin(2026, 11, 30, 10))
    ticket_set_status(ticket=friday, status=Status.SOLVED, actor=lead, at=berlin(2026, 12, 1, 11))
    monday = open_ticket(at=berlin(2026, 11, 30, 9), channel="web")
    message_send(ticket=monday, agent=lead, body_text="Done.", at=berlin(2026, 11, 30, 9, 30))
    tuesday = open_ticket(at=berlin(2026, 12, 1, 8), team=team)
    message_send(ticket=tuesday, agent=lead, body_text="Yes.", at=berlin(2026, 12, 1, 12))
    # The Friday customer is back on the phone about the same refund on Wednesday.
    open_ticket(
        customer=friday.customer, subject=f"Again: {friday.subject}", at=berlin(2026, 12, 2, 9)
    )


def figures(actor, flt):
    return (
        first_response(actor=actor, flt=flt),
        resolution(actor=actor, flt=flt),
        sla_attainment(actor=actor, flt=flt),
        one_touch(actor=actor, flt=flt),
        recontacts(actor=actor, flt=flt),
        customer_waits(actor=actor, flt=flt),
        arrivals(actor=actor, flt=flt),
        reopen_rate(actor=actor, flt=flt),
    )


@pytest.mark.parametrize("business_hours", [True, False])
@pytest.mark.parametrize("team_only", [False, True])
def test_rolled_up_figures_equal_live_ones(history, lead, team, business_hours, team_only):
    flt = between(
        berlin(2026, 11, 23),
        berlin(2026, 12, 3, 15),
        business_hours=business_hours,
        team_id=team.pk if team_only else None,
    )
    live = figures(lead, flt)
    rollup_days(first=date(2026, 11, 23), last=date(2026, 12, 2))
    split = report_split(actor=lead, flt=flt)
    assert len(split.days) == 10  # 23 Nov to 2 Dec; 3 Dec until 15:00 is read live
    assert [(g.since, g.until) for g in split.gaps] == [(berlin(2026, 12, 3), flt.until)]
    assert figures(lead, flt) == live


def test_the_rollup_holds_what_the_day_held(history, lead):
    rollup_days(first=date(2026, 11, 30), last=date(2026, 11, 30))
    whole_day = DailyRollup.objects.filter(day=date(2026, 11, 30), hours=24)
    rows = {row.channel: row for row in whole_day}
    assert tally_merge([rows["web"].first_response_business]) == {30 * 60: 1}
    # Friday 16:00 to Monday 10:00
    assert tally_merge([rows["email"].first_response_business]) == {2 * 3600: 1}
    assert tally_merge([rows["email"].first_response_calendar]) == {66 * 3600: 1}
    assert rows["web"].arrivals_by_hour[9] == 1
    assert rows["email"].arrivals_by_hour == [0] * 24  # the Friday ticket arrived on Friday


def test_rerunning_a_day_replaces_its_rows(history, lead):
    rollup_days(first=date(2026, 11, 30), last=date(2026, 12, 1))
    before = set(DailyRollup.objects.values_list("day", "hours", "team", "channel", "one_touch"))
    rollup_days(first=date(2026, 11, 30), last=date(2026, 12, 1))
    assert (
        set(DailyRollup.objects.values_list("day", "hours", "team", "channel", "one_touch"))
        == before
    )
    assert RolledDay.objects.filter(hours=24).count() == 2


def test_a_quiet_day_is_rolled_up_with_no_rows(db):
    assert rollup_days(first=date(2026, 11, 28), last=date(2026, 11, 28)) == 0
    assert RolledDay.objects.filter(day=date(2026, 11, 28)).exists()


def test_today_is_never_rolled_up(db):
    with pytest.raises(ValueError, match="ended"):
        rollup_days(first=timezone.localdate(), last=timezone.localdate())


def test_agents_read_live_because_rollups_count_every_ticket_of_a_team(history, team):
    agent = AgentFactory()
    agent.teams.add(team)
    flt = between(berlin(2026, 11, 23), berlin(2026, 12, 3))
    rollup_days(first=date(2026, 11, 23), last=date(2026, 12, 2))
    assert report_split(actor=agent, flt=flt).days == []


def test_the_dst_day_has_25_hours_and_rolls_up_whole(policy, lead):
    """Sunday 25 October 2026 in Berlin runs from 00:00 CEST to 24:00 CET: a ticket opened
    at 23:30 that night belongs to the 25th, hour 23."""
    open_ticket(at=berlin(2026, 10, 25, 23, 30))
    rollup_days(first=date(2026, 10, 25), last=date(2026, 10, 25))
    (row,) = DailyRollup.objects.filter(day=date(2026, 10, 25), hours=24)
    assert row.arrivals_by_hour[23] == 1


@pytest.mark.parametrize(
    ("day", "hour"),
    [
        # 00:00-09:00 on Monday: the Friday ticket's first wait counts as unanswered (it is
        # answered at 10:00, after the stretch); from 11:00 on through its reply.
        (date(2026, 11, 30), 9),
        (date(2026, 11, 30), 10),
        (date(2026, 11, 30), 11),
        # Tuesday: the solve at 11:00 is outside the prefix to 11:00, inside the one to 12:00;
        # the 08:00 ticket's wait runs until its reply at 12:00.
        (date(2026, 12, 1), 11),
        (date(2026, 12, 1), 12),
        (date(2026, 12, 1), 13),
    ],
)
@pytest.mark.parametrize("business_hours", [True, False])
def test_a_period_ending_mid_day_reads_the_prefix_as_it_would_read_live(
    history, lead, team, day, hour, business_hours
):
    """The comparison period of "last 4 weeks" ends at this hour four weeks ago, and today
    runs to now: both read the day's prefix to the last whole hour and the rest live."""
    flt = between(berlin(2026, 11, 23), berlin(day.year, day.month, day.day, hour, 30))
    flt = replace(flt, business_hours=business_hours)
    live = figures(lead, flt), human_wait(actor=lead, flt=flt)
    rollup_days(first=date(2026, 11, 23), last=date(2026, 12, 2))
    split = report_split(actor=lead, flt=flt)
    assert split.prefixes == [(day, hour)]
    assert [(g.since, g.until) for g in split.gaps] == [
        (berlin(day.year, day.month, day.day, hour), flt.until)
    ]
    rolled = figures(lead, flt), human_wait(actor=lead, flt=flt)
    for a, b in zip(rolled[0], live[0], strict=True):
        assert a == b
    assert rolled == live


def rows_of(day):
    return sorted(
        DailyRollup.objects.filter(day=day).values_list(
            "hours", "team", "channel", "solved", "one_touch", "first_response_business", "sla"
        ),
        key=lambda row: (row[0], row[1] or 0, row[2]),
    )


def test_today_rolls_up_hourly_to_the_last_whole_hour_and_again_the_same(history, lead):
    """Run at 13:20 on Tuesday: Monday whole (it was not yet), Tuesday to 13:00; run again,
    the same rows, and a report to 13:30 reads both from rollups."""
    now = berlin(2026, 12, 1, 13, 20)
    rollup_today(now=now)
    first = rows_of(date(2026, 12, 1))
    assert {row[0] for row in first} == set(range(9, 14))  # the 08:00 ticket counts from 09:00
    assert RolledDay.objects.filter(day=date(2026, 12, 1)).count() == 13
    assert RolledDay.objects.filter(day=date(2026, 11, 30), hours=24).exists()
    rollup_today(now=now)
    assert rows_of(date(2026, 12, 1)) == first
    assert RolledDay.objects.filter(day=date(2026, 12, 1)).count() == 13
    flt = between(berlin(2026, 11, 30), berlin(2026, 12, 1, 13, 30))
    split = report_split(actor=lead, flt=flt)
    assert (split.days, split.prefixes) == ([date(2026, 11, 30)], [(date(2026, 12, 1), 13)])


def test_the_whole_day_rolled_later_replaces_the_hourly_prefixes(history, lead):
    rollup_today(now=berlin(2026, 12, 1, 9, 5))
    rollup_days(first=date(2026, 12, 1), last=date(2026, 12, 1))
    whole = rows_of(date(2026, 12, 1))
    rollup_day(day=date(2026, 12, 1))
    assert rows_of(date(2026, 12, 1)) == whole
    assert RolledDay.objects.filter(day=date(2026, 12, 1)).count() == 24


def test_an_hour_not_over_yet_is_never_rolled_up(db):
    now = timezone.now()
    assert rollup_today(now=now - timedelta(hours=25)) >= 0  # a past day: fine
    with pytest.raises(ValueError, match="ended"):
        rollup_day(day=timezone.localdate(), hours=23) if now.hour < 22 else rollup_day(
            day=timezone.localdate() + timedelta(days=1), hours=1
        )


@pytest.mark.parametrize("hour", [9, 11])
def test_a_team_s_period_ending_mid_day_reads_the_prefix_as_it_would_read_live(
    history, lead, team, hour
):
    """With a team chosen, the rows of that team's prefix are read (per channel), and a
    customer waiting both in it and in the live hour after it is still one customer-day."""
    flt = between(berlin(2026, 11, 23), berlin(2026, 11, 30, hour, 30), team_id=team.pk)
    live = figures(lead, flt)
    rollup_days(first=date(2026, 11, 23), last=date(2026, 12, 2))
    assert report_split(actor=lead, flt=flt).prefixes == [(date(2026, 11, 30), hour)]
    assert figures(lead, flt) == live


def message_reads(queries) -> int:
    """How many queries read messages themselves (not only join them to find tickets)."""
    return sum('"tickets_message"."direction"' in query["sql"] for query in queries)


@pytest.mark.parametrize(
    ("day", "hour"),
    [
        # Monday 09:00: the Friday customer waited all night in the prefix and still waits
        # in the live half hour after it (answered at 10:00).
        (date(2026, 11, 30), 9),
        (date(2026, 11, 30), 11),
        # Tuesday 11:00: the 08:00 customer waited in the prefix and in the live half hour.
        (date(2026, 12, 1), 11),
        (date(2026, 12, 1), 12),
    ],
)
@pytest.mark.parametrize("team_only", [False, True])
def test_a_day_rolled_up_hourly_keeps_each_customer_s_seconds_for_the_live_hour(
    history, lead, team, day, hour, team_only
):
    """Today's prefixes keep each customer's seconds waited, so the live half hour after
    the last one adds to them: the same figures as a live read, and the messages read once
    (the live stretch), not a second time for the customers who waited in both."""
    flt = between(
        berlin(2026, 11, 23),
        berlin(day.year, day.month, day.day, hour, 30),
        team_id=team.pk if team_only else None,
    )
    live = figures(lead, flt), human_wait(actor=lead, flt=flt)
    rollup_days(first=date(2026, 11, 23), last=day - timedelta(days=1))
    rollup_day(day=day, hours=hour)  # as the hourly task rolls up today
    assert report_split(actor=lead, flt=flt).prefixes == [(day, hour)]
    assert RolledDay.objects.get(day=day, hours=hour).customer_seconds is not None
    assert (figures(lead, flt), human_wait(actor=lead, flt=flt)) == live
    with CaptureQueriesContext(connection) as read:
        customer_waits(actor=lead, flt=flt)
    assert message_reads(read.captured_queries) <= 1


def test_the_whole_day_drops_the_seconds_kept_for_its_hours(history, lead):
    rollup_day(day=date(2026, 12, 1), hours=13)
    assert all(m.customer_seconds is not None for m in RolledDay.objects.all())
    rollup_day(day=date(2026, 12, 1))
    assert {bytes(m.customer_seconds or b"x") for m in RolledDay.objects.all()} == {b"x"}
    assert set(DailyRollup.objects.values_list("customer_seconds", flat=True)) <= {b""}


@pytest.mark.parametrize(("hour", "minute"), [(0, 20), (9, 30), (11, 45)])
@pytest.mark.parametrize("team_only", [False, True])
def test_the_day_a_comparison_ends_on_keeps_its_wait_pieces(
    history, lead, team, hour, minute, team_only
):
    """On Monday 7 December this week is compared with last week up to the same time on
    Monday 30 November: the hourly rollup rolls that day up again keeping its wait pieces,
    so the customers' waits up to any instant of it are summed from them (no message read,
    the same figures as live); a day that is no comparison's any more forgets them."""
    compared = between(
        berlin(2026, 11, 23),
        berlin(2026, 11, 30, hour, minute),
        team_id=team.pk if team_only else None,
    )
    live = figures(lead, compared)
    rollup_days(first=date(2026, 11, 23), last=date(2026, 12, 2))
    for day in (date(2026, 11, 30), date(2026, 12, 1)):  # as before they became comparison days
        rollup_day(day=day)
    rollup_day(day=date(2026, 11, 29), keep_pieces=True)  # one the day before
    assert RolledDay.objects.get(day=date(2026, 11, 30), hours=24).wait_pieces is None

    rollup_today(now=berlin(2026, 12, 7, hour, minute))

    kept = RolledDay.objects.filter(wait_pieces__isnull=False)
    assert set(kept.values_list("day", "hours")) == {
        (date(2026, 11, 30), 24),  # today's comparison
        (date(2026, 12, 1), 24),  # tomorrow's
    }
    assert figures(lead, compared) == live
    with CaptureQueriesContext(connection) as read:
        customer_waits(actor=lead, flt=compared)
    assert message_reads(read.captured_queries) == 0


def test_only_a_whole_day_keeps_its_wait_pieces(history):
    with pytest.raises(ValueError, match="whole day"):
        rollup_day(day=date(2026, 11, 30), hours=9, keep_pieces=True)


@pytest.mark.parametrize("hour", [2, 3, 4])
def test_a_dst_day_rolled_up_hourly_adds_the_live_hour_as_a_live_read(policy, lead, hour):
    """Sunday 25 October 2026 in Berlin repeats 02:00-03:00: a customer writing at 01:30
    CEST and answered at 04:00 CET waited 3.5 hours, in the prefix and the live half hour."""
    ticket = open_ticket(at=berlin(2026, 10, 25, 1, 30))
    message_send(ticket=ticket, agent=lead, body_text="Here.", at=berlin(2026, 10, 25, 4))
    open_ticket(customer=ticket.customer, at=berlin(2026, 10, 25, 2, 45))
    flt = between(berlin(2026, 10, 19), berlin(2026, 10, 25, hour, 30))
    live = customer_waits(actor=lead, flt=flt)
    rollup_days(first=date(2026, 10, 19), last=date(2026, 10, 24))
    rollup_day(day=date(2026, 10, 25), hours=hour)
    assert report_split(actor=lead, flt=flt).prefixes == [(date(2026, 10, 25), hour)]
    assert customer_waits(actor=lead, flt=flt) == live
