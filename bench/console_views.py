"""Benchmark of the agent console's inbox views and live counts over a large desk.

Run from the repository root against an empty database, or one bench/dataset.py filled
(it builds the dataset when the database is empty, so never point it at real data):

    DATABASE_URL=postgres://... .venv/bin/python bench/console_views.py [N]

N tickets (default 100,000) of bench/dataset.py's desk. For an agent of one team it prints
the median and p95 server time of rendering each view's first page and a page deep in the
list (the full request through Django's test client: middleware, queries, template), of
the live counts of every view (a request of their own, made by the page once loaded and
every 30 s after), of a filtered and a searched page. Then the plan of the counts query as
the console runs it (EXPLAIN ANALYZE on PostgreSQL, next to the server's defaults, where
JIT compiling once cost 400 ms; EXPLAIN QUERY PLAN on SQLite).
"""

import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset import desk  # sets Django up
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from timing import get_ms, load, percentile

from realdesk.core.planner import jit_off
from realdesk.tickets.inbox import inbox_counts, inbox_views

RUNS = 15


def counts_plan(agent) -> str:
    """The counts query's plan, measured as the console runs it (and, on PostgreSQL, as
    the server's defaults would, to show what JIT costs)."""
    with CaptureQueriesContext(connection) as captured:
        inbox_counts(actor=agent)
    sql = next(query["sql"] for query in captured if "COUNT(" in query["sql"])
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        sections = []
        for label, off in (("server defaults (jit on)", False), ("as the console runs it", True)):
            if off:
                with jit_off():
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    rows = cursor.fetchall()
            else:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                rows = cursor.fetchall()
            sections.append(f"-- {label}\n" + "\n".join(row[0] for row in rows))
        return "\n".join(sections)


def main(n: int) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    agent = desk(n).agent
    print(f"{connection.vendor}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; load average before: {load()}")  # fmt: skip
    client = Client()
    client.force_login(agent)
    print(f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8}")

    def line(label: str, url: str) -> None:
        times = get_ms(client, url, RUNS)
        print(f"{label:<48} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f}")

    for view in inbox_views():
        line(f"/agent/views/{view.slug}/", f"/agent/views/{view.slug}/")
    for url in [
        "/agent/counts/",
        "/agent/views/team/?priority=urgent&channel=email",
        "/agent/views/unanswered/?q=card+payment",
    ]:
        line(url, url)
    url, pages = "/agent/views/team/", 1
    while pages < 21 and 'href="?after=' in (text := client.get(url).text):  # "Next page"
        cursor = text.split('href="?after=')[1].split('"')[0].replace("&amp;", "&")
        url, pages = f"/agent/views/team/?after={cursor}", pages + 1
    line(f"/agent/views/team/ page {pages}", url)
    print(f"load average after: {load()}")
    print("plan of the counts query:")
    print(counts_plan(agent))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
