"""Benchmark of the console's search over every message an agent may see.

Run from the repository root against an empty database, or one bench/dataset.py filled
(it builds the dataset when the database is empty, so never point it at real data):

    DATABASE_URL=postgres://... .venv/bin/python bench/ticket_search.py [N]

N tickets (default 100,000) of bench/dataset.py's desk: about three messages each, real
support questions and email replies as bodies, indexed by the database's triggers as the
email pipeline's writes are. For an agent of one team it prints the median, p95 and
slowest of `ticket_search_results` (what /agent/search/ shows: matching, ranking and
highlighting) and of the inbox view narrowed by the same text, over 60 queries: common
and rare words of the customers' questions, two words, a customer's name, a ticket number.
"""

import os
import platform
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset import FIRST, FIRST_NUMBER, LAST, corpus, desk  # sets Django up
from django.db import connection
from timing import load, percentile, time_ms

from realdesk.tickets.inbox import TicketFilters, inbox_page, inbox_view
from realdesk.tickets.search import search_words
from realdesk.tickets.selectors import ticket_search_results

RUNS = 3


def query_set(texts: list[str], rng: random.Random, n: int) -> list[str]:
    counts: dict[str, int] = {}
    for text in texts:
        for word in search_words(text):
            counts[word] = counts.get(word, 0) + 1
    ranked = [word for word, _ in sorted(counts.items(), key=lambda kv: -kv[1]) if len(word) > 3]
    common, rare = ranked[:40], ranked[-400:]
    queries = rng.sample(common, 15) + rng.sample(rare, 15)
    pairs = zip(rng.sample(common, 15), rng.sample(rare, 15), strict=True)
    queries += [f"{a} {b}" for a, b in pairs]
    first, last = FIRST.split(), LAST.split()
    queries += [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(10)]
    queries += [f"#{FIRST_NUMBER + rng.randrange(n)}" for _ in range(5)]
    return queries


def timings_ms(queries: list[str], run) -> list[float]:
    """Each query's median over RUNS, sorted."""
    return sorted(statistics.median(time_ms(lambda q=q: run(q), RUNS)) for q in queries)


def report(name: str, times: list[float]) -> None:
    print(f"{name:<40} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f} "
          f"{times[-1]:>8.1f}")  # fmt: skip


def main(n: int) -> None:
    built = desk(n)
    agent, rng = built.agent, random.Random(7)
    print(f"{connection.vendor}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; load average before: {load()}")  # fmt: skip
    queries = query_set(corpus().questions, rng, built.tickets)
    view = inbox_view("team")
    print(f"{'ms over ' + str(len(queries)) + ' queries':<40} {'median':>8} {'p95':>8} {'max':>8}")
    report(
        "search page (match, rank, highlight)",
        timings_ms(queries, lambda q: ticket_search_results(actor=agent, text=q)),
    )
    report(
        "team view narrowed by the text",
        timings_ms(
            queries,
            lambda q: inbox_page(actor=agent, view=view, filters=TicketFilters(text=q)),
        ),
    )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
