"""The customer's total wait for a human, across every ticket and channel they used.

A ticket-by-ticket figure hides the customer who wrote by email, then chatted, then
called about the same thing: three short waits to us, one long one to them. So waits are
summed per customer and local day, over all their tickets and channels, and the figure is
the distribution of those customer-days. Per day, because a day is what a customer
remembers ("I spent all Tuesday waiting") and what the daily rollup can keep. Calendar
time, because a customer on two channels lives on no single business calendar.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, tally_distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.models import RolledDay
from realdesk.reports.selectors.rollups import day_start, report_split, rollup_rows
from realdesk.reports.selectors.scope import tickets_q
from realdesk.reports.tallies import tally_merge
from realdesk.tickets.choices import OPEN_STATUSES, Direction
from realdesk.tickets.models import Message, Ticket

#: How far back a still-unanswered first message is looked for: a ticket opened earlier
#: and answered later is an outlier the backlog shows, and looking further back would read
#: every ticket answered since.
FIRST_WAIT_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class CustomerWaits:
    #: Per customer and day, the sum of their waits that day.
    overall: Distribution
    #: Seconds waited in the period, by the channel of the ticket.
    by_channel: dict[str, float]


@dataclass(frozen=True)
class Waited:
    """Part of one wait, inside one local day."""

    customer_id: int
    team_id: int | None
    channel: str
    day: date
    seconds: float


def waits_between(tickets: QuerySet[Ticket], since: datetime, until: datetime) -> list[Waited]:
    """A wait runs from a customer's message that found no agent reply pending to the next
    agent reply on that ticket; the part of it inside [since, until) counts (a wait still
    running at `until` counts up to then), cut at local midnights."""
    messages = (
        Message.objects.filter(
            _active(tickets, since, until),
            created_at__lt=until,
            direction__in=[Direction.INBOUND, Direction.OUTBOUND],
        )
        .order_by("ticket_id", "created_at", "pk")
        .values_list(
            "ticket_id",
            "ticket__customer_id",
            "ticket__team_id",
            "ticket__channel",
            "direction",
            "created_at",
        )
    )
    found: list[Waited] = []
    waiting: dict[int, tuple] = {}
    for ticket_id, customer, team, channel, direction, at in messages:
        if direction == Direction.INBOUND:
            waiting.setdefault(ticket_id, (customer, team, channel, at))
        elif ticket_id in waiting:
            *who, started = waiting.pop(ticket_id)
            found += _by_day(*who, max(started, since), at)
    for *who, started in waiting.values():
        found += _by_day(*who, max(started, since), until)
    return found


def _active(tickets: QuerySet[Ticket], since: datetime, until: datetime) -> Q:
    """The tickets a wait in [since, until) may run on: a message in it, a customer still
    waiting, or a first answer after it to a ticket opened before it. Three indexed reads
    rather than one OR over the ticket table. Missed: a later wait spanning a whole day
    with no message in it and answered since, and the part of a first wait beyond
    FIRST_WAIT_LOOKBACK (docs/reports.md)."""
    spoke = tickets.filter(messages__created_at__gte=since, messages__created_at__lt=until)
    waiting = tickets.filter(status__in=OPEN_STATUSES, awaiting_reply_since__lt=until)
    unanswered = tickets.filter(
        created_at__gte=since - FIRST_WAIT_LOOKBACK,
        created_at__lt=since,
        first_response_at__gte=until,
    )
    return (
        Q(ticket__in=spoke.values("pk"))
        | Q(ticket__in=waiting.values("pk"))
        | Q(ticket__in=unanswered.values("pk"))
    )


def _by_day(customer: int, team: int | None, channel: str, start, stop) -> list[Waited]:
    parts = []
    zone = timezone.get_current_timezone()
    while start < stop:
        day = start.astimezone(zone).date()
        cut = min(stop, day_start(day + timedelta(days=1)))
        parts.append(Waited(customer, team, channel, day, (cut - start).total_seconds()))
        start = cut
    return parts


def customer_day_totals(waits: list[Waited]) -> Counter:
    """{(customer, day): seconds} of the waits."""
    totals: Counter = Counter()
    for wait in waits:
        totals[wait.customer_id, wait.day] += wait.seconds
    return totals


def customer_waits(*, actor: User, flt: ReportFilter) -> CustomerWaits:
    """Per customer and day, the time spent waiting for a person, summed over all their
    tickets and channels (within the team and channel chosen, if any)."""
    split = report_split(actor=actor, flt=flt)
    rows = rollup_rows(split=split, flt=flt)
    by_channel: dict[str, float] = defaultdict(float)
    for channel, seconds in rows.values_list("channel", "wait_seconds"):
        by_channel[channel] += seconds
    if flt.team_id is None and not flt.channel:  # across teams and channels: the day's tally
        days = RolledDay.objects.filter(day__in=split.days)
    else:
        days = rows
    tally = Counter(tally_merge(days.values_list("customer_days", flat=True)))
    for gap in split.gaps:
        waits = waits_between(
            Ticket.objects.filter(tickets_q(actor=actor, flt=gap)), gap.since, gap.until
        )
        for wait in waits:
            by_channel[wait.channel] += wait.seconds
        tally.update(customer_day_totals(waits).values())
    return CustomerWaits(overall=tally_distribution(tally), by_channel=dict(by_channel))
