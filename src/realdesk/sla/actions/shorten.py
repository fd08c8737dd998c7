"""An escalation that shortens the response clock ("leaving" -> answer within an hour)."""

from datetime import datetime, timedelta

from realdesk.sla.actions.clocks import RESPONSES, announce, calendar_for, clock_of, store_clock
from realdesk.sla.choices import Phase
from realdesk.sla.engine import clock_pause, clock_resume
from realdesk.sla.models import SLATarget
from realdesk.sla.policies import calendar_of
from realdesk.tickets.models import Ticket


def sla_targets_shorten(
    *, ticket: Ticket, within: timedelta, around_the_clock: bool, at: datetime
) -> list[SLATarget]:
    """Answer within `within` from `at` (never later than the target already was); with
    `around_the_clock` the rest counts every hour. Call inside the escalation's
    transaction. Time already spent stays spent: it is banked on the policy's calendar
    and only what is left is laid out anew, so the customer's wait so far still counts."""
    rows = (
        SLATarget.objects.select_for_update(of=("self",))
        .filter(ticket=ticket, metric__in=RESPONSES)
        .exclude(phase=Phase.STOPPED)
        .select_related("policy__calendar")
    )
    shortened = []
    for row in rows:
        calendar = calendar_for(row, calendar_of(row.policy.calendar if row.policy else None))
        running = row.running_since is not None
        banked = clock_pause(clock_of(row), at=at, calendar=calendar)
        cap = banked.elapsed + within
        if row.target <= cap and (row.around_the_clock or not around_the_clock):
            continue  # already as short (the target was stricter than the rule)
        row.cap = min(cap, row.cap or cap)
        row.target = min(row.target, row.cap)
        row.around_the_clock = row.around_the_clock or around_the_clock
        row.elapsed, row.running_since = banked.elapsed, None
        clock = clock_resume(clock_of(row), at=at) if running else clock_of(row)
        store_clock(row, clock, calendar_for(row, calendar))
        row.save()
        announce(row, ticket=ticket, what="shortened", at=at, target=str(row.target))
        shortened.append(row)
    return shortened
