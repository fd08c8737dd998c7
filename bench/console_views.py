"""Benchmark of the agent console's inbox views over a large ticket table.

Run from the repository root against an empty database (it migrates it and fills it with
synthetic rows, so never point it at real data):

    DATABASE_URL=postgres://... .venv/bin/python bench/console_views.py [N]

N tickets (default 100,000) spread over three teams, eight agents, every status and
channel, a third of the open ones waiting for a reply. It prints, for each view and an
agent of one team, the median server time of rendering the first page and a page deep
in the list (the full request through Django's test client: middleware, queries,
template), plus the live counts of every view (a request of their own, made by the page
once loaded), a filtered and a searched page.
"""

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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from realdesk.accounts.models import Customer, Team, User  # noqa: E402
from realdesk.tickets.choices import Channel, Priority, Status  # noqa: E402
from realdesk.tickets.inbox import inbox_views  # noqa: E402
from realdesk.tickets.models import Ticket  # noqa: E402

RUNS = 7
BATCH = 5_000


def fill(n: int) -> User:
    rng = random.Random(7)
    now = timezone.now()
    teams = [Team.objects.create(name=f"Bench team {i}") for i in range(3)]
    agents = []
    for i in range(8):
        agent = User.objects.create_user(f"bench{i}@example.com", full_name=f"Bench Agent {i}")
        agent.teams.set([teams[i % 3]])
        agents.append(agent)
    customers = Customer.objects.bulk_create(
        Customer(name=f"Customer {i}", created_at=now) for i in range(2_000)
    )
    statuses = [Status.NEW, Status.OPEN, Status.OPEN, Status.PENDING, Status.SOLVED]
    statuses += [Status.CLOSED] * 5
    for start in range(0, n, BATCH):
        rows = []
        for number in range(start, min(start + BATCH, n)):
            status = rng.choice(statuses)
            created = now - timedelta(minutes=rng.randint(10, 60 * 24 * 365))
            waiting = status in (Status.NEW, Status.OPEN) and rng.random() < 0.6
            rows.append(
                Ticket(
                    number=1000 + number,
                    subject=f"Synthetic ticket {number}",
                    status=status,
                    priority=rng.choice(Priority.values),
                    customer=rng.choice(customers),
                    team=rng.choice(teams),
                    owner=rng.choice([None, *agents]),
                    channel=rng.choice(Channel.values),
                    created_at=created,
                    updated_at=created,
                    awaiting_reply_since=created if waiting else None,
                    solved_at=created + timedelta(hours=5)
                    if status in (Status.SOLVED, Status.CLOSED)
                    else None,
                )
            )
        Ticket.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return agents[0]


def median_ms(client: Client, url: str) -> float:
    client.get(url)  # warm the connection and the template cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main(n: int) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if Ticket.objects.exists():
        sys.exit("The database already has tickets: point DATABASE_URL at an empty one.")
    started = time.perf_counter()
    agent = fill(n)
    print(f"filled {n:,} tickets in {time.perf_counter() - started:.0f} s")
    print(f"{connection.vendor}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")  # fmt: skip
    client = Client()
    client.force_login(agent)
    print(f"{'page':<44} {'median ms':>10}")
    for view in inbox_views():
        url = f"/agent/views/{view.slug}/"
        print(f"{url:<44} {median_ms(client, url):>10.1f}")
    for url in [
        "/agent/counts/",
        "/agent/views/team/?priority=urgent&channel=email",
        "/agent/views/unanswered/?q=ticket+4242",
    ]:
        print(f"{url:<44} {median_ms(client, url):>10.1f}")
    deep = client.get("/agent/views/team/")
    for _ in range(20):  # follow "Next page" twenty times
        cursor = deep.text.split('href="?after=')[1].split('"')[0].replace("&amp;", "&")
        deep = client.get(f"/agent/views/team/?after={cursor}")
    url = f"/agent/views/team/?after={cursor}"
    print(f"{'/agent/views/team/ page 21':<44} {median_ms(client, url):>10.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
