"""Benchmark of the reports page over a large history, and of the daily rollup.

Run from the repository root against an empty database (it migrates it and fills it with
synthetic rows, so never point it at real data):

    .venv/bin/python bench/reports.py [--tickets N] [--days D] [--runs R]
    DATABASE_URL=postgres://... .venv/bin/python bench/reports.py

N tickets (default 1,000,000) opened evenly over the last D days (default 100, so 10,000
a day), over three teams and four channels, on a Mon-Fri 09:00-17:00 Berlin calendar;
each with the customer's message, an agent's reply (a second one for a third of them),
first-response and resolution SLA clocks (one in ten missed) and a solve (for nine in
ten of the last two weeks' tickets, all older ones). It prints:

- the time to roll up one day (median over the days; the target is < 5 s for a day of
  10,000 tickets), after rolling up every past day as the periodic task would;
- the median server time of `/agent/reports/` for a lead with "last 4 weeks" selected,
  in business hours and in calendar time (the full request through Django's test client;
  the target is < 300 ms at 1,000,000 tickets on PostgreSQL).

tests/bench/test_reports_bench.py runs it at a small size in the test suite, so it never
rots.
"""

import argparse
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
os.environ.setdefault("REALDESK_TIME_ZONE", "Europe/Berlin")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from realdesk.accounts.choices import Role  # noqa: E402
from realdesk.accounts.models import Customer, Team, User  # noqa: E402
from realdesk.reports.actions import rollup_day  # noqa: E402
from realdesk.sla.choices import Level, Metric, Phase  # noqa: E402
from realdesk.sla.models import BusinessCalendar, SLAPolicy, SLATarget  # noqa: E402
from realdesk.tickets.choices import Channel, Direction, Status  # noqa: E402
from realdesk.tickets.models import Message, Ticket  # noqa: E402

BATCH = 5_000
CHANNELS = [Channel.EMAIL, Channel.WEB, Channel.CHAT, Channel.PHONE]
H = timedelta(hours=1)
LEAD = "bench-lead@example.com"


def fill(n: int, days: int) -> User:
    rng = random.Random(19)
    now = timezone.now()
    office = BusinessCalendar.objects.create(
        name="Bench office",
        timezone="Europe/Berlin",
        weekly_hours={d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    )
    policy = SLAPolicy.objects.create(
        name="Bench", calendar=office, first_response=8 * H, next_response=8 * H, resolution=40 * H
    )
    teams = [Team.objects.create(name=f"Bench team {i}") for i in range(3)]
    lead = User.objects.create_user(LEAD, full_name="Lead", role=Role.LEAD)
    customers = Customer.objects.bulk_create(
        Customer(name=f"Customer {i}", created_at=now) for i in range(max(n // 3, 1))
    )
    span = days * 86400
    for start in range(0, n, BATCH):
        tickets, replies = [], []
        for number in range(start, min(start + BATCH, n)):
            created = now - timedelta(seconds=span * (1 - (number + rng.random()) / n))
            answered = created + timedelta(minutes=rng.randint(5, 36 * 60))
            # A desk that keeps up: all but the last two weeks' tickets are solved.
            recent = now - created < timedelta(days=14)
            solved = answered + 2 * H < now and (not recent or rng.random() < 0.9)
            tickets.append(
                Ticket(
                    number=1000 + number,
                    subject=f"Synthetic ticket {number % 500}",
                    status=Status.SOLVED if solved else Status.OPEN,
                    customer=rng.choice(customers),
                    team=rng.choice(teams),
                    channel=rng.choice(CHANNELS),
                    created_at=created,
                    updated_at=created,
                    first_response_at=answered if answered < now else None,
                    solved_at=answered + timedelta(minutes=rng.randint(10, 3 * 24 * 60))
                    if solved
                    else None,
                )
            )
            replies.append(rng.random() < 0.33)
        Ticket.objects.bulk_create(tickets)
        saved = Ticket.objects.filter(number__gte=1000 + start, number__lt=1000 + start + BATCH)
        _history(list(saved.order_by("number")), replies, policy, lead, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return lead


def _history(tickets: list[Ticket], second: list[bool], policy, lead, rng) -> None:
    """The customer's message, the replies and both SLA clocks of a batch of tickets."""
    messages, targets = [], []
    for ticket, twice in zip(tickets, second, strict=True):
        messages.append(_message(ticket, Direction.INBOUND, ticket.created_at))
        if ticket.first_response_at:
            messages.append(_message(ticket, Direction.OUTBOUND, ticket.first_response_at, lead))
            if twice:
                messages.append(
                    _message(ticket, Direction.OUTBOUND, ticket.first_response_at + H, lead)
                )
        for metric, end, target in (
            (Metric.FIRST_RESPONSE, ticket.first_response_at, 8 * H),
            (Metric.RESOLUTION, ticket.solved_at, 40 * H),
        ):
            missed = rng.random() < 0.1
            due = ticket.created_at + target
            targets.append(
                SLATarget(
                    ticket=ticket,
                    policy=policy,
                    metric=metric,
                    target=target,
                    started_at=ticket.created_at,
                    elapsed=timedelta(0),
                    phase=Phase.STOPPED if end else Phase.RUNNING,
                    level=Level.BREACHED if missed else Level.OK,
                    due_at=due,
                    breached_at=due if missed else None,
                    achieved_at=end,
                    stopped_at=end,
                )
            )
    Message.objects.bulk_create(messages, batch_size=BATCH)
    SLATarget.objects.bulk_create(targets, batch_size=BATCH)


def _message(ticket: Ticket, direction: str, at, agent: User | None = None) -> Message:
    return Message(
        ticket=ticket,
        direction=direction,
        channel=ticket.channel,
        author_customer_id=None if agent else ticket.customer_id,
        author_agent=agent,
        body_text="Synthetic",
        created_at=at,
    )


def rollup_times(days: int) -> list[float]:
    """Roll up every past day as the periodic task would; seconds per day."""
    today = timezone.localdate()
    seconds = []
    for back in range(days, 0, -1):
        start = time.perf_counter()
        rollup_day(day=today - timedelta(days=back))
        seconds.append(time.perf_counter() - start)
    return seconds


def median_ms(client: Client, url: str, runs: int) -> float:
    client.get(url)  # warm the connection and the template cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true", help="Measure again on the tickets of an earlier run."
    )
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if args.reuse:
        lead = User.objects.get(email=LEAD)
        args.days = min(args.days, 7)  # enough days for a median
    elif Ticket.objects.exists():
        sys.exit("The database already has tickets: point DATABASE_URL at an empty one.")
    else:
        started = time.perf_counter()
        lead = fill(args.tickets, args.days)
        print(
            f"filled {args.tickets:,} tickets over {args.days} days in "
            f"{time.perf_counter() - started:.0f} s"
        )
    per_day = rollup_times(args.days)
    one_day = Ticket.objects.filter(
        created_at__date=timezone.localdate() - timedelta(days=2)
    ).count()
    print(
        f"rollup of one day (~{one_day:,} tickets): median {statistics.median(per_day):.2f} s, "
        f"max {max(per_day):.2f} s"
    )
    client = Client()
    client.force_login(lead)
    for hours in ("business", "calendar"):
        ms = median_ms(client, f"/agent/reports/?range=4weeks&hours={hours}", args.runs)
        print(f"/agent/reports/ last 4 weeks, {hours}: median {ms:.0f} ms")
    print(
        f"database {connection.vendor}; {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
