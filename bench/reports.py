"""Benchmark of the reports page over a large history, and of the daily rollup.

Run from the repository root against an empty database, or one bench/dataset.py filled
(it builds the dataset when the database is empty, so never point it at real data):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/reports.py \
        [--tickets N] [--days D] [--runs R]
    DATABASE_URL=postgres://... .venv/bin/python bench/reports.py

bench/dataset.py's desk of N tickets (default 1,000,000) over the last D days (default
100, so 10,000 a day), its SLA clocks on a Mon-Fri 08:00-18:00 Berlin calendar. It prints:

- the time to roll up one day (median over the days; the target is < 5 s for a day of
  10,000 tickets), after rolling up every past day as the periodic task would, and the
  time to roll up today to the last whole hour, as the hourly task would;
- the median server time of `/agent/reports/` for a lead with "last 4 weeks" selected,
  in business hours and in calendar time (the full request through Django's test client;
  the target is < 300 ms at 1,000,000 tickets on PostgreSQL).

tests/bench/test_reports_bench.py runs it at a small size in the test suite, so it never
rots.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("REALDESK_TIME_ZONE", "Europe/Berlin")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset import desk  # sets Django up
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from timing import get_ms, load

from realdesk.reports.actions import rollup_day, rollup_today
from realdesk.reports.models import RolledDay
from realdesk.tickets.models import Ticket


def rollup_times(days: int, *, also: int = 0) -> list[float]:
    """Roll up the last `days` past days as the periodic task would, seconds per day; and
    any of the `also` days before them with no hourly prefixes yet (rolled up by an older
    version), untimed."""
    today = timezone.localdate()
    for back in range(also, days, -1):
        day = today - timedelta(days=back)
        if not RolledDay.objects.filter(day=day, hours=1).exists():
            rollup_day(day=day)
    seconds = []
    for back in range(days, 0, -1):
        start = time.perf_counter()
        rollup_day(day=today - timedelta(days=back))
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    built = desk(args.tickets, days=args.days)
    # The earlier run rolled every day up: a week is enough for a median.
    per_day = (
        rollup_times(min(args.days, 7), also=args.days) if built.reused else rollup_times(args.days)
    )
    start = time.perf_counter()
    rollup_today(now=timezone.now())  # as the hourly task would, before the page is read
    print(f"rollup of today to the last whole hour: {time.perf_counter() - start:.2f} s")
    one_day = Ticket.objects.filter(
        created_at__date=timezone.localdate() - timedelta(days=2)
    ).count()
    print(
        f"rollup of one day (~{one_day:,} tickets): median {statistics.median(per_day):.2f} s, "
        f"max {max(per_day):.2f} s"
    )
    client = Client()
    client.force_login(built.lead)
    for hours in ("business", "calendar"):
        ms = statistics.median(
            get_ms(client, f"/agent/reports/?range=4weeks&hours={hours}", args.runs)
        )
        print(f"/agent/reports/ last 4 weeks, {hours}: median {ms:.0f} ms")
    print(
        f"database {connection.vendor}; {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; load average after: {load()}"
    )


if __name__ == "__main__":
    main()
