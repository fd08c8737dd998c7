"""Benchmark of the console's search over every message an agent may see.

Run from the repository root against an empty database (it migrates it and fills it with
synthetic rows, so never point it at real data):

    DATABASE_URL=postgres://... .venv/bin/python bench/ticket_search.py [N]

N tickets (default 100,000) with three messages each on average (one to six), bodies of
two to eight real support questions (banking77's training split, read from
../shared/data, see its README), over three teams and 20,000 customers; the messages go
in through bulk inserts, so the database's triggers build the index as the email
pipeline's writes would. It prints how long filling took (the index's cost on writes),
then for an agent of one team the median, p95 and slowest of `ticket_search_results`
(what /agent/search/ shows: matching, ranking and highlighting) and of the inbox view
narrowed by the same text, over 60 queries: common and rare words, two words, a customer's
name, a ticket number.
"""

import csv
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from realdesk.accounts.models import Customer, Team, User  # noqa: E402
from realdesk.tickets.choices import Channel, Direction, Status  # noqa: E402
from realdesk.tickets.inbox import TicketFilters, inbox_page, inbox_view  # noqa: E402
from realdesk.tickets.models import Message, Ticket  # noqa: E402
from realdesk.tickets.search import search_words  # noqa: E402
from realdesk.tickets.selectors import ticket_search_results  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REALDESK_SHARED_DIR") or ROOT.parent / "shared") / "data"
RUNS = 3
BATCH = 5_000


def questions() -> list[str]:
    with (SHARED / "banking77" / "train.csv").open(newline="", encoding="utf-8") as file:
        return [row["text"].strip() for row in csv.DictReader(file)]


def fill(n: int, texts: list[str], rng: random.Random) -> User:
    now = timezone.now()
    teams = [Team.objects.create(name=f"Search team {i}") for i in range(3)]
    agent = User.objects.create_user("search-bench@example.com", full_name="Search Bench")
    agent.teams.set([teams[0]])
    customers = Customer.objects.bulk_create(
        Customer(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", created_at=now)
        for _ in range(20_000)
    )
    for start in range(0, n, BATCH):
        tickets = []
        for number in range(start, min(start + BATCH, n)):
            created = now - timedelta(minutes=rng.randint(10, 60 * 24 * 365))
            tickets.append(
                Ticket(
                    number=1000 + number,
                    subject=rng.choice(texts)[:120],
                    status=rng.choice([Status.OPEN, Status.PENDING, Status.SOLVED]),
                    customer=rng.choice(customers),
                    team=rng.choice(teams),
                    channel=Channel.EMAIL,
                    language="en",
                    created_at=created,
                    updated_at=created,
                )
            )
        tickets = Ticket.objects.bulk_create(tickets)
        messages = [
            Message(
                ticket=ticket,
                direction=Direction.INBOUND,
                channel=Channel.EMAIL,
                author_customer=ticket.customer,
                body_text="\n\n".join(rng.sample(texts, rng.randint(2, 8))),
                created_at=ticket.created_at,
            )
            for ticket in tickets
            for _ in range(rng.randint(1, 6) if rng.random() < 0.9 else 1)
        ]
        Message.objects.bulk_create(messages)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return agent


FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas"]
LAST = ["Alvarez", "Brown", "Chen", "Dubois", "Eriksen", "Fischer", "García", "Hansen", "Ito"]


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
    queries += [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(10)]
    queries += [f"#{1000 + rng.randrange(n)}" for _ in range(5)]
    return queries


def timings_ms(queries: list[str], run) -> list[float]:
    times = []
    for query in queries:
        best = []
        for _ in range(RUNS):
            start = time.perf_counter()
            run(query)
            best.append((time.perf_counter() - start) * 1000)
        times.append(statistics.median(best))
    return sorted(times)


def report(name: str, times: list[float]) -> None:
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(f"{name:<40} {statistics.median(times):>8.1f} {p95:>8.1f} {times[-1]:>8.1f}")


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    if Ticket.objects.exists():
        sys.exit("The database already has tickets: point DATABASE_URL at an empty one.")
    rng = random.Random(7)
    texts = questions()
    started = time.perf_counter()
    agent = fill(n, texts, rng)
    print(f"filled {n:,} tickets, {Message.objects.count():,} messages "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
    print(f"{connection.vendor}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}, Python {platform.python_version()}")  # fmt: skip
    queries = query_set(texts, rng, n)
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
