"""The only writes of reports: daily rollups, derived data that can always be rebuilt.

`rollup_days` is idempotent: re-running a day replaces its rows with what the tickets,
messages and SLA clocks say now, so a backfill, a repeat after a late import or two
workers running the same day all end with the same rows.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from realdesk.reports.models import DailyRollup, RolledDay
from realdesk.reports.selectors.durations import ENDS, waits_measure
from realdesk.reports.selectors.rollups import day_start
from realdesk.reports.selectors.service import decided_q
from realdesk.reports.selectors.touches import recontacted
from realdesk.reports.selectors.waits import Waited, customer_day_totals, waits_between
from realdesk.reports.tallies import tally_encode
from realdesk.sla.models import SLATarget
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Ticket

Key = tuple[int | None, str]  # team id, channel


def rollup_days(*, first: date, last: date) -> int:
    """Roll up every local day from `first` to `last` (inclusive), each in its own
    transaction; returns the number of rows written. Days not over yet are refused."""
    if last >= timezone.localdate():
        raise ValueError("Only days that have ended can be rolled up.")
    written, day = 0, first
    while day <= last:
        written += rollup_day(day=day)
        day += timedelta(days=1)
    return written


def rollup_day(*, day: date) -> int:
    """Replace the rollup rows of one local day; returns how many were written."""
    since, until = day_start(day), day_start(day + timedelta(days=1))
    with transaction.atomic():
        marker, _ = RolledDay.objects.get_or_create(
            day=day, defaults={"computed_at": timezone.now()}
        )
        # Two runs of the same day queue here instead of writing each other's rows twice.
        RolledDay.objects.select_for_update().filter(pk=marker.pk).get()
        rows = _rows(day, since, until)
        waits = waits_between(Ticket.objects.all(), since, until)
        _add_waits(rows, waits, day)
        DailyRollup.objects.filter(day=day).delete()
        DailyRollup.objects.bulk_create(rows.values())
        RolledDay.objects.filter(pk=marker.pk).update(
            computed_at=timezone.now(),
            customer_days=tally_encode(list(customer_day_totals(waits).values())),
        )
    return len(rows)


def _row(rows: dict[Key, DailyRollup], day: date, team_id: int | None, channel: str):
    if (team_id, channel) not in rows:
        rows[team_id, channel] = DailyRollup(
            day=day, team_id=team_id, channel=channel, arrivals_by_hour=[0] * 24
        )
    return rows[team_id, channel]


def _add_waits(rows: dict[Key, DailyRollup], waits: list[Waited], day: date) -> None:
    grouped: dict[Key, list[Waited]] = defaultdict(list)
    for wait in waits:
        grouped[wait.team_id, wait.channel].append(wait)
    for key, theirs in grouped.items():
        row = _row(rows, day, *key)
        row.wait_seconds = sum(wait.seconds for wait in theirs)
        row.customer_days = tally_encode(list(customer_day_totals(theirs).values()))


def _rows(day: date, since, until) -> dict[Key, DailyRollup]:
    rows: dict[Key, DailyRollup] = {}

    def row(team_id: int | None, channel: str) -> DailyRollup:
        return _row(rows, day, team_id, channel)

    zone = timezone.get_current_timezone()
    arrivals: dict[Key, list[int]] = defaultdict(lambda: [0] * 24)
    opened = Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
    for team_id, channel, at in opened.values_list("team_id", "channel", "created_at"):
        arrivals[team_id, channel][at.astimezone(zone).hour] += 1
    for key, hours in arrivals.items():
        row(*key).arrivals_by_hour = hours

    for figure, (end, _) in ENDS.items():
        tickets = Ticket.objects.filter(**{f"{end}__gte": since, f"{end}__lt": until})
        for business in (True, False):
            measured: dict[Key, list[float]] = defaultdict(list)
            for wait in waits_measure(tickets, figure=figure, business_hours=business):
                measured[wait.team_id, wait.channel].append(wait.seconds)
            column = f"{figure}_{'business' if business else 'calendar'}"
            for key, seconds in measured.items():
                setattr(row(*key), column, tally_encode(seconds))
                if figure == "resolution":
                    row(*key).solved = len(seconds)

    solved = Ticket.objects.filter(solved_at__gte=since, solved_at__lt=until)
    one_touch = (
        solved.annotate(replies=Count("messages", filter=Q(messages__direction=Direction.OUTBOUND)))
        .filter(replies=1)
        .values_list("team_id", "channel")
    )
    for key, n in Counter(one_touch).items():
        row(*key).one_touch = n
    for key, n in Counter((team, channel) for _, team, channel in recontacted(solved)).items():
        row(*key).recontacted = n

    met_q, missed_q = decided_q(since, until)
    decided = (
        SLATarget.objects.filter(met_q | missed_q)
        .values_list("ticket__team", "ticket__channel", "metric")
        .annotate(met=Count("pk", filter=met_q), missed=Count("pk", filter=missed_q))
        .order_by()
    )
    for team_id, channel, metric, met, missed in decided:
        row(team_id, channel).sla[metric] = [met, missed]
    return rows
