"""The pure SLA clock: banked time, pauses and deadlines on a business calendar."""

from datetime import UTC, datetime, time, timedelta

import pytest

from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.choices import Level
from realdesk.sla.engine import (
    Conditions,
    TicketFacts,
    clock_deadlines,
    clock_elapsed,
    clock_level,
    clock_pause,
    clock_resume,
    clock_runs,
    clock_start,
)
from realdesk.tickets.choices import Status

H = timedelta(hours=1)
OFFICE = BusinessCalendar("UTC", {d: [(time(9), time(17))] for d in range(5)})
MON = datetime(2026, 11, 23, tzinfo=UTC)


def at(day, hour, minute=0):
    return MON + timedelta(days=day, hours=hour, minutes=minute)


@pytest.mark.parametrize(
    ("start", "target", "share", "at_risk_at", "due_at"),
    [
        (at(0, 9), 8 * H, 0.75, at(0, 15), at(0, 17)),  # lands at closing time, not next morning
        (at(4, 16), 8 * H, 0.75, at(7, 14), at(7, 16)),  # Friday afternoon -> Monday
        (at(5, 10), 2 * H, 0.5, at(7, 10), at(7, 11)),  # opened on Saturday: counts from Monday
        (at(0, 8), 40 * timedelta(minutes=1), 0.75, at(0, 9, 30), at(0, 9, 40)),
    ],
)
def test_deadlines_of_a_fresh_clock(start, target, share, at_risk_at, due_at):
    clock = clock_start(at=start, target=target, at_risk_share=share)
    assert clock_deadlines(clock, calendar=OFFICE) == (at_risk_at, due_at)


def test_pause_banks_business_time_and_resume_continues():
    clock = clock_start(at=at(0, 9), target=8 * H)
    clock = clock_pause(clock, at=at(0, 12), calendar=OFFICE)
    assert (clock.elapsed, clock.running_since) == (3 * H, None)
    assert clock_deadlines(clock, calendar=OFFICE) == (None, None)
    assert clock_pause(clock, at=at(1, 12), calendar=OFFICE) == clock  # pausing twice: no-op
    clock = clock_resume(clock, at=at(2, 16))
    assert clock_deadlines(clock, calendar=OFFICE) == (at(3, 11), at(3, 13))
    assert clock_elapsed(clock, now=at(2, 20), calendar=OFFICE) == 4 * H


def test_a_clock_past_its_target_is_due_when_it_resumes():
    clock = clock_resume(
        clock_pause(clock_start(at=at(0, 9), target=H), at=at(0, 12), calendar=OFFICE),
        at=at(1, 10),
    )
    assert clock_deadlines(clock, calendar=OFFICE) == (at(1, 10), at(1, 10))
    assert clock_level(clock, now=at(1, 10), calendar=OFFICE) == Level.BREACHED


@pytest.mark.parametrize(
    ("now", "level"),
    [(at(0, 10), Level.OK), (at(0, 15), Level.AT_RISK), (at(0, 17), Level.BREACHED)],
)
def test_level(now, level):
    clock = clock_start(at=at(0, 9), target=8 * H)
    assert clock_level(clock, now=now, calendar=OFFICE) == level


@pytest.mark.parametrize(
    ("status", "pause_on_hold", "runs"),
    [
        (Status.NEW, True, True),
        (Status.OPEN, True, True),
        (Status.PENDING, False, False),
        (Status.ON_HOLD, True, False),
        (Status.ON_HOLD, False, True),
    ],
)
def test_clock_runs(status, pause_on_hold, runs):
    assert clock_runs(status, pause_on_hold=pause_on_hold) is runs


FACTS = TicketFacts(priority="high", tier="vip", channel="email", organization_id=7, team_id=3)


@pytest.mark.parametrize(
    ("conditions", "match"),
    [
        (Conditions(), True),
        (Conditions(priorities={"high", "urgent"}), True),
        (Conditions(priorities={"urgent"}), False),
        (Conditions(tiers={"vip"}, channels={"email"}), True),
        (Conditions(tiers={"vip"}, channels={"chat"}), False),
        (Conditions(organization_ids={7}, team_ids={3}), True),
        (Conditions(team_ids={4}), False),
    ],
)
def test_conditions(conditions, match):
    assert conditions.match(FACTS) is match
