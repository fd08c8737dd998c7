"""Benchmark of realdesk.sla.calendars: ``between`` over a year and ``add`` of 2000 hours.

Run from the repository root: ``.venv/bin/python bench/sla_calendar.py``. It prints
the median of several runs in microseconds, "warm" (the same calendar, caches filled
by earlier calls, the steady state of a server) and "cold" (a fresh calendar each run,
including the first computation of DST transitions and holiday days).
"""

import os
import platform
import statistics
import sys
import timeit
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from realdesk.sla.calendars import BusinessCalendar

TZ = ZoneInfo("Europe/Berlin")
HOURS = {d: [(time(9), time(12, 30)), (time(13, 30), time(18))] for d in range(5)}
HOLIDAYS = [
    date(2024, 1, 1), date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 1), date(2024, 5, 9),
    date(2024, 5, 20), date(2024, 10, 3), date(2024, 12, 25), date(2024, 12, 26),
    date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 1),
]  # fmt: skip
EXCEPTIONS = {date(2024, 12, 24): [(time(9), time(12))], date(2024, 12, 31): [(time(9), time(12))]}
START = datetime(2024, 1, 15, 10, 17, tzinfo=TZ)
YEAR_LATER = datetime(2025, 1, 15, 10, 17, tzinfo=TZ)
DURATION = timedelta(hours=2000)


def make() -> BusinessCalendar:
    return BusinessCalendar(TZ, HOURS, HOLIDAYS, exceptions=EXCEPTIONS)


def median_us(stmt, setup=None, number: int = 200, repeat: int = 7) -> float:
    """Median over ``repeat`` runs of the mean time of one call, in microseconds."""
    if setup is None:
        runs = timeit.repeat(stmt, number=number, repeat=repeat)
        return statistics.median(runs) / number * 1e6
    times = []
    for _ in range(repeat * number // 10):
        arg = setup()
        t0 = timeit.default_timer()
        stmt(arg)
        times.append(timeit.default_timer() - t0)
    return statistics.median(times) * 1e6


def main() -> None:
    cal = make()
    assert cal.between(START, cal.add(START, DURATION)) == DURATION
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"between over a year ({cal.between(START, YEAR_LATER)}):")
    print(f"  warm {median_us(lambda: cal.between(START, YEAR_LATER)):8.1f} us")
    print(f"  cold {median_us(lambda c: c.between(START, YEAR_LATER), make):8.1f} us")
    print(f"add 2000 business hours (-> {cal.add(START, DURATION).isoformat()}):")
    print(f"  warm {median_us(lambda: cal.add(START, DURATION)):8.1f} us")
    print(f"  cold {median_us(lambda c: c.add(START, DURATION), make):8.1f} us")
    build = median_us(make, number=50)
    print(f"building a calendar: {build:8.1f} us")


if __name__ == "__main__":
    main()
