"""How much arrived, and when: arrivals by weekday and hour (local time), and by channel."""

from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.rollups import report_split, rollup_rows
from realdesk.reports.selectors.scope import tickets_q
from realdesk.tickets.models import Ticket


@dataclass(frozen=True)
class Volume:
    #: heatmap[weekday][hour]: tickets opened, Monday = 0, local time.
    heatmap: tuple[tuple[int, ...], ...]
    by_channel: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


def arrivals(*, actor: User, flt: ReportFilter) -> Volume:
    """Tickets opened in the period, by local weekday and hour and by channel: when to
    staff, and which channel carries the load."""
    cells: Counter = Counter()
    channels: Counter = Counter()
    split = report_split(actor=actor, flt=flt)
    rows = rollup_rows(split=split, flt=flt).values_list("day", "channel", "arrivals_by_hour")
    for day, channel, hours in rows:
        for hour, n in enumerate(hours):
            cells[day.weekday(), hour] += n
        channels[channel] += sum(hours)
    zone = timezone.get_current_timezone()
    for part in split.gaps:
        opened = Ticket.objects.filter(
            tickets_q(actor=actor, flt=part), created_at__gte=part.since, created_at__lt=part.until
        )
        for channel, at in opened.values_list("channel", "created_at"):
            local = at.astimezone(zone)
            cells[local.weekday(), local.hour] += 1
            channels[channel] += 1
    return Volume(
        heatmap=tuple(tuple(cells[day, hour] for hour in range(24)) for day in range(7)),
        by_channel={channel: n for channel, n in sorted(channels.items()) if n},
    )
