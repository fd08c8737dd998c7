"""The customer's total wait for a human, across every ticket and channel they used.

A ticket-by-ticket figure hides the customer who wrote by email, then chatted, then
called about the same thing: three short waits to us, one long one to them. Counted in
calendar time, because a customer on two channels lives on no single business calendar.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from realdesk.accounts.models import User
from realdesk.reports.figures import Distribution, distribution
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.scope import tickets_q
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message, Ticket


@dataclass(frozen=True)
class CustomerWaits:
    #: Per customer, the sum of their waits in the period.
    overall: Distribution
    #: Seconds waited in the period, by the channel the customer wrote on.
    by_channel: dict[str, float]


def customer_waits(*, actor: User, flt: ReportFilter) -> CustomerWaits:
    """A wait runs from a customer's message that found no agent reply pending to the next
    agent reply on that ticket; counted when it ended in the period, or up to the end of
    the period when it is still running then. Summed per customer over all their tickets."""
    active = Ticket.objects.filter(
        tickets_q(actor=actor, flt=flt),
        messages__created_at__gte=flt.since,
        messages__created_at__lt=flt.until,
    ).values("pk")
    messages = (
        Message.objects.filter(
            ticket__in=active,
            created_at__lt=flt.until,
            direction__in=[Direction.INBOUND, Direction.OUTBOUND],
        )
        .order_by("ticket_id", "created_at", "pk")
        .values_list("ticket_id", "ticket__customer_id", "direction", "channel", "created_at")
    )
    totals: Counter = Counter()
    by_channel: dict[str, float] = defaultdict(float)
    waiting: dict[int, tuple] = {}

    def add(customer: int, channel: str, start, stop) -> None:
        seconds = (stop - max(start, flt.since)).total_seconds()
        if seconds > 0:
            totals[customer] += seconds
            by_channel[channel] += seconds

    for ticket_id, customer, direction, channel, at in messages:
        if direction == Direction.INBOUND:
            waiting.setdefault(ticket_id, (customer, channel, at))
        elif ticket_id in waiting:
            started = waiting.pop(ticket_id)
            if at >= flt.since:
                add(*started, at)
    for started in waiting.values():
        add(*started, flt.until)
    return CustomerWaits(overall=distribution(list(totals.values())), by_channel=dict(by_channel))
