"""The SLA clock, policy matching and the queue estimate as pure functions (no ORM,
no clock reads).

A target's clock is `elapsed` business time banked so far plus, while it runs, the
business time since `running_since`. Pausing banks the running part; resuming
starts a new running part. Deadlines follow from the clock and the calendar, so
they can be recomputed at any moment (a new calendar, a new policy) without
replaying the ticket's history: time already spent stays spent.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.choices import Level
from realdesk.tickets.choices import Status

ZERO = timedelta(0)


@dataclass(frozen=True)
class Clock:
    target: timedelta
    elapsed: timedelta = ZERO
    running_since: datetime | None = None
    at_risk_share: float = 0.75

    @property
    def running(self) -> bool:
        return self.running_since is not None


def clock_start(*, at: datetime, target: timedelta, at_risk_share: float = 0.75) -> Clock:
    return Clock(target=target, running_since=at, at_risk_share=at_risk_share)


def clock_pause(clock: Clock, *, at: datetime, calendar: BusinessCalendar) -> Clock:
    if not clock.running:
        return clock
    spent = max(calendar.between(clock.running_since, at), ZERO)
    return replace(clock, elapsed=clock.elapsed + spent, running_since=None)


def clock_resume(clock: Clock, *, at: datetime) -> Clock:
    return clock if clock.running else replace(clock, running_since=at)


def clock_elapsed(clock: Clock, *, now: datetime, calendar: BusinessCalendar) -> timedelta:
    if not clock.running:
        return clock.elapsed
    return clock.elapsed + max(calendar.between(clock.running_since, now), ZERO)


def _instant(clock: Clock, budget: timedelta, calendar: BusinessCalendar) -> datetime:
    """When the clock reaches `budget`; its resume instant if it already has."""
    left = budget - clock.elapsed
    if left <= ZERO:
        return clock.running_since
    return calendar.add(clock.running_since, left)


def clock_deadlines(
    clock: Clock, *, calendar: BusinessCalendar
) -> tuple[datetime | None, datetime | None]:
    """(at_risk_at, due_at) while running; (None, None) while paused, as nothing is due."""
    if not clock.running:
        return None, None
    at_risk = clock.target * clock.at_risk_share
    return _instant(clock, at_risk, calendar), _instant(clock, clock.target, calendar)


def clock_level(clock: Clock, *, now: datetime, calendar: BusinessCalendar) -> Level:
    spent = clock_elapsed(clock, now=now, calendar=calendar)
    if spent >= clock.target:
        return Level.BREACHED
    if spent >= clock.target * clock.at_risk_share:
        return Level.AT_RISK
    return Level.OK


def clock_runs(status: str, *, pause_on_hold: bool) -> bool:
    """The clock stops while we wait on the customer, and on hold if the policy says so."""
    if status == Status.PENDING:
        return False
    return not (status == Status.ON_HOLD and pause_on_hold)


@dataclass(frozen=True)
class TicketFacts:
    """What policies are chosen by."""

    priority: str
    tier: str
    channel: str
    organization_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True)
class Conditions:
    """Each empty collection matches anything; a ticket must match every non-empty one."""

    priorities: Collection[str] = ()
    tiers: Collection[str] = ()
    channels: Collection[str] = ()
    organization_ids: Collection[int] = ()
    team_ids: Collection[int] = ()

    def match(self, facts: TicketFacts) -> bool:
        pairs = (
            (self.priorities, facts.priority),
            (self.tiers, facts.tier),
            (self.channels, facts.channel),
            (self.organization_ids, facts.organization_id),
            (self.team_ids, facts.team_id),
        )
        return all(not allowed or value in allowed for allowed, value in pairs)


#: Replies per open hour assumed for an agent when the team has no recent history.
ANSWERS_PER_AGENT_HOUR = 4.0
HOUR = timedelta(hours=1)


def queue_wait(*, ahead: int, answered: int, open_time: timedelta, agents: int) -> timedelta | None:
    """Business time until the queue reaches a ticket with `ahead` tickets before it.

    Pure, so it is tested on its own. None when nobody can answer at all (no history
    and no agents): the SLA target is then the only honest bound we have.
    """
    hours = open_time / HOUR
    if answered and hours > 0:
        rate = answered / hours
    elif agents:
        rate = agents * ANSWERS_PER_AGENT_HOUR
    else:
        return None
    return timedelta(hours=(ahead + 1) / rate)
