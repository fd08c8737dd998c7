"""The lead's week ahead on the phone: per hour, how many calls history expects, how many
agents are on, and how many Erlang C says the service-level target needs (pure)."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.erlang import Queue, agents_needed


@dataclass(frozen=True)
class StaffingHour:
    start: datetime
    expected_calls: float
    agents_scheduled: int
    #: Agents who actually worked (replied, wrote a note) in this hour of the week, on
    #: average over the history: who is really there when the calendar says "open".
    agents_available: float
    agents_needed: int

    @property
    def short(self) -> int:
        return max(0, self.agents_needed - self.agents_scheduled)


def arrivals_by_hour(started: list[datetime], *, weeks: int, tz) -> dict[tuple[int, int], float]:
    """Average calls per (weekday, local hour) over the past `weeks` weeks."""
    counts = Counter((s.astimezone(tz).weekday(), s.astimezone(tz).hour) for s in started)
    return {key: count / weeks for key, count in counts.items()}


def agents_by_hour(
    worked: list[tuple[datetime, int]], *, weeks: int, tz
) -> dict[tuple[int, int], float]:
    """Average distinct agents per (weekday, local hour) from (hour, agent) pairs, each
    pair once: an agent who wrote ten replies in an hour is one agent there."""
    return arrivals_by_hour([hour for hour, _agent in set(worked)], weeks=weeks, tz=tz)


def staffing_week(
    *,
    start: datetime,
    arrivals: dict[tuple[int, int], float],
    available: dict[tuple[int, int], float],
    calendar: BusinessCalendar,
    agents: int,
    handle_seconds: float,
    target: float,
    answer_within_seconds: float,
) -> list[StaffingHour]:
    """168 hours from `start` (on the hour). Agents count as scheduled in the calendar's
    open hours: RealDesk keeps no shift roster, so the team is on when the desk is open."""
    hours = []
    for n in range(7 * 24):
        hour = start + timedelta(hours=n)
        local = hour.astimezone(calendar.tz)
        key = (local.weekday(), local.hour)
        calls = arrivals.get(key, 0.0)
        open_now = calendar.between(hour, hour + timedelta(hours=1)) > timedelta(0)
        needed = agents_needed(
            Queue(arrivals_per_hour=calls, handle_seconds=handle_seconds),
            service_level_target=target,
            answer_within_seconds=answer_within_seconds,
        )
        hours.append(
            StaffingHour(hour, calls, agents if open_now else 0, available.get(key, 0.0), needed)
        )
    return hours
