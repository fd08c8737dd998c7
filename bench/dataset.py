"""One realistic desk for every bench: `python bench/dataset.py N` fills the database
DATABASE_URL names with N tickets.

Run from the repository root against an empty database (it migrates it and fills it, so
never point it at real data):

    DATABASE_URL=postgres://... .venv/bin/python bench/dataset.py 100000 [--days 180]

The tickets are spread over the last --days days, the newest still being worked on, the
older ones solved and closed, as on a desk that keeps up. Each has 1 to 10 messages (about
three on average): the customer's words are real support questions (banking77 and
clinc150, read from ../shared/data, see its README), several to a message; the agents'
replies are real email replies (github_email_reply_parser's fixtures). One inbound message
in twelve carries a real email or bounce file as an attachment. Around them: three teams
of four agents and a lead; a third as many customers as tickets, with one to four
identities each (email, a second email, phone, social handle; a few a phone number only);
first-response and resolution SLA clocks on a Mon-Fri 08:00-18:00 Berlin calendar
(running, at risk, breached, met, missed); the events the actions would have written
(created, each message, owner, solve, rating); CSAT ratings on a third of the solves;
promises (open, kept, missed) on one replied ticket in twenty. The mail such a desk
receives comes from bench/corpus.py's `inbound_mail`.

Rows go in with bulk_create, batch by batch, so the database's search triggers index the
text as the email pipeline's writes would (tickets/search.py). It prints what it built
and how long it took. The benches (console_views.py, ticket_search.py) call `desk()`,
which builds the dataset when the database is empty and reuses it when this module built
it before, so one slow build serves many runs (reports.py too, with its own size).
"""

import argparse
import hashlib
import os
import platform
import random
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")

import django

django.setup()

from corpus import FIRST, LAST, corpus  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from realdesk.accounts.choices import CustomerTier, IdentityKind, Role  # noqa: E402
from realdesk.accounts.models import Customer, CustomerIdentity, Team, User  # noqa: E402
from realdesk.core.planner import statistics_refresh  # noqa: E402
from realdesk.sla.actions.pace import replies_tally_rebuild  # noqa: E402
from realdesk.sla.choices import Level, Metric, Phase, PromiseStatus  # noqa: E402
from realdesk.sla.eta import THROUGHPUT_WINDOW  # noqa: E402
from realdesk.sla.models import BusinessCalendar, Promise, SLAPolicy, SLATarget  # noqa: E402
from realdesk.sla.policies import calendar_of  # noqa: E402
from realdesk.surveys.choices import Score  # noqa: E402
from realdesk.surveys.models import Rating  # noqa: E402
from realdesk.tickets.actions.common import ticket_numbers_follow  # noqa: E402
from realdesk.tickets.attachments import sniffed_type  # noqa: E402
from realdesk.tickets.choices import Channel, Direction, Priority, Status  # noqa: E402
from realdesk.tickets.events import (  # noqa: E402
    Rated,
    Reassigned,
    StatusChanged,
    message_received,
    note_added,
    owner_changed,
    rated,
    reply_sent,
    status_changed,
    ticket_created,
)
from realdesk.tickets.models import Attachment, Event, Message, Ticket  # noqa: E402

BATCH = 2_000
TEAMS = ("Payments", "Cards", "Accounts")
AGENTS_PER_TEAM = 4
#: The agent of the first team the benches act as, and the lead who sees every team.
AGENT_EMAIL = "agent-0-0@bench.example"
LEAD_EMAIL = "lead@bench.example"
FIRST_NUMBER = 1000
#: Messages per ticket, 1 to 10: most tickets are short, a few long (mean about 3).
MESSAGE_WEIGHTS = (24, 26, 18, 11, 8, 5, 3, 2, 2, 1)
CHANNELS = {
    Channel.EMAIL: 55,
    Channel.WEB: 20,
    Channel.CHAT: 10,
    Channel.PHONE: 8,
    Channel.SOCIAL: 4,
    Channel.API: 3,
}
PRIORITIES = {Priority.LOW: 15, Priority.NORMAL: 60, Priority.HIGH: 20, Priority.URGENT: 5}
FIRST_RESPONSE = timedelta(hours=8)  # business hours, Mon-Fri 08:00-18:00 Berlin
RESOLUTION = timedelta(hours=40)
AT_RISK_SHARE = 0.75


@dataclass
class Desk:
    agent: User
    lead: User
    tickets: int
    reused: bool


def desk(n: int, *, days: int = 180) -> Desk:
    """The bench dataset of n tickets: built now into an empty database, or the one an
    earlier run built (any other data is refused: the benches must not touch it)."""
    database_named()
    call_command("migrate", verbosity=0)
    if Ticket.objects.exists():
        agent = User.objects.filter(email=AGENT_EMAIL).first()
        if agent is None:
            sys.exit("The database has tickets not built by bench/dataset.py: use an empty one.")
        count = Ticket.objects.count()
        print(f"reusing the dataset of {count:,} tickets already in the database")
        lead = User.objects.get(email=LEAD_EMAIL)
        return Desk(agent=agent, lead=lead, tickets=count, reused=True)
    started = time.perf_counter()
    built = build(n, days=days)
    report(built, time.perf_counter() - started)
    return Desk(
        agent=User.objects.get(email=AGENT_EMAIL),
        lead=User.objects.get(email=LEAD_EMAIL),
        tickets=n,
        reused=False,
    )


def database_named() -> None:
    """Refuse to run on the database settings fall back to, the dev desk's own
    (var/realdesk.sqlite3): a shell that lost its DATABASE_URL would otherwise start
    filling it with a million tickets."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit(
            "Name the database the benches' desk goes in with DATABASE_URL (a new SQLite "
            "file or an empty PostgreSQL database): they never fill the dev desk's own."
        )


def build(n: int, *, days: int = 180, seed: int = 7) -> Counter:
    """Fill an empty database; the counts of what was written, per kind of row."""
    rng = random.Random(seed)
    text = corpus()
    now = timezone.now()
    built: Counter = Counter()
    teams = [Team.objects.create(name=name) for name in TEAMS]
    agents = []
    for t, team in enumerate(teams):
        members = [
            User.objects.create_user(f"agent-{t}-{i}@bench.example", full_name=f"Agent {t}-{i}")
            for i in range(AGENTS_PER_TEAM)
        ]
        team.members.set(members)
        agents.append(members)
    lead = User.objects.create_user(LEAD_EMAIL, full_name="Lead", role=Role.LEAD)
    office = BusinessCalendar.objects.create(
        name="Bench office",
        timezone="Europe/Berlin",
        weekly_hours={day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
    )
    policy = SLAPolicy.objects.create(
        name="Bench", calendar=office, first_response=FIRST_RESPONSE, resolution=RESOLUTION
    )
    customers = _customers(max(n // 3, 1), rng, now, built)
    stored = [
        (name, default_storage.save(f"bench/{name}", ContentFile(payload)), payload)
        for name, payload in text.files
    ]
    world = _World(rng, now, days * 86400, n, text, agents, lead, policy, stored)
    for start in range(0, n, BATCH):
        with transaction.atomic():
            world.batch(range(start, min(start + BATCH, n)), customers, teams, built)
    ticket_numbers_follow(FIRST_NUMBER + n - 1)  # tickets opened later continue after these
    replies_tally_rebuild(since=now - THROUGHPUT_WINDOW)  # the replies went in without reactions
    if connection.vendor == "postgresql":
        # As autovacuum would have by the time a desk this size is read: statistics, and the
        # visibility map that index-only scans need (the 1,000,000-ticket reports page read
        # 0.6-0.86 s before a vacuum, 0.53-0.61 s after). A test's build runs inside its
        # transaction, where VACUUM cannot.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    statistics_refresh()  # on SQLite what the periodic job would do, as autovacuum on PG
    built["teams"], built["agents"] = len(teams), sum(map(len, agents)) + 1
    return built


def _customers(count: int, rng: random.Random, now: datetime, built: Counter) -> list[Customer]:
    first, last = FIRST.split(), LAST.split()
    tiers = [CustomerTier.STANDARD] * 16 + [CustomerTier.PRIORITY] * 3 + [CustomerTier.VIP]
    customers = []
    for start in range(0, count, BATCH):
        rows = Customer.objects.bulk_create(
            Customer(
                name=f"{rng.choice(first)} {rng.choice(last)}",
                tier=rng.choice(tiers),
                language="en",
                created_at=now - timedelta(days=rng.randint(200, 2_000)),
            )
            for _ in range(start, min(start + BATCH, count))
        )
        identities = []
        for customer in rows:
            slug = _address_part(customer.name)
            kinds = [(IdentityKind.EMAIL, f"{slug}.{customer.pk}@example.com")]
            if rng.random() < 0.03:  # called in once, no address: the "Cannot reach" view
                kinds = []
            elif rng.random() < 0.3:
                kinds.append((IdentityKind.EMAIL, f"{slug}.{customer.pk}@work.example.org"))
            if rng.random() < 0.25 or not kinds:
                kinds.append((IdentityKind.PHONE, f"+4930{customer.pk:08d}"))
            if rng.random() < 0.1:
                kinds.append((IdentityKind.SOCIAL, f"@{slug.split('.')[0]}{customer.pk}"))
            identities += [
                CustomerIdentity(
                    customer=customer,
                    kind=kind,
                    value=value,
                    created_at=customer.created_at,
                    verified_at=customer.created_at,
                )
                for kind, value in kinds
            ]
        CustomerIdentity.objects.bulk_create(identities)
        built["customers"] += len(rows)
        built["identities"] += len(identities)
        customers += rows
    return customers


class _World:
    """Draws one batch of tickets and everything that happened on them."""

    def __init__(self, rng, now, span, n, text, agents, lead, policy, stored) -> None:
        self.rng, self.now, self.span, self.n, self.text = rng, now, span, n, text
        self.agents, self.lead, self.policy, self.stored = agents, lead, policy, stored
        self.calendar = calendar_of(policy.calendar)

    def _body(self, direction: str, quoted: str) -> str:
        rng = self.rng
        if direction == Direction.INBOUND:
            body = " ".join(rng.sample(self.text.questions, rng.randint(1, 6)))
            if quoted and rng.random() < 0.5:  # mail replies quote what they answer
                body += "\n\nOn the day before, you wrote:\n> " + quoted.replace("\n", "\n> ")
            return body
        if direction == Direction.NOTE:
            return rng.choice(self.text.questions)
        reply = rng.choice(self.text.replies)
        if quoted and rng.random() < 0.7:  # an email reply quotes the customer's words
            reply += "\n\n> " + quoted.replace("\n", "\n> ")
        return reply

    def batch(self, numbers, customers, teams, built: Counter) -> None:
        rng, now = self.rng, self.now
        tickets, plans = [], []
        for number in numbers:
            # Evenly over the span, the newest last: number order is creation order.
            created = now - timedelta(seconds=self.span * (1 - (number + rng.random()) / self.n))
            plan = self._conversation(created)
            status = self._status(created, plan)
            team_index = rng.randrange(3) if rng.random() < 0.95 else None
            owner = rng.choice(self.agents[team_index or 0]) if plan["replied"] else None
            last_inbound = max((at for d, at in plan["messages"] if d == Direction.INBOUND))
            waiting = plan["messages"][-1][0] == Direction.INBOUND
            solved_at = plan["end"] + timedelta(minutes=rng.randint(5, 600))
            solved = status in (Status.SOLVED, Status.CLOSED) and solved_at < now
            if status in (Status.SOLVED, Status.CLOSED) and not solved:
                status = Status.OPEN
            tickets.append(
                Ticket(
                    number=FIRST_NUMBER + number,
                    subject="",
                    status=status,
                    priority=_weighted(rng, PRIORITIES),
                    customer=rng.choice(customers),
                    team=None if team_index is None else teams[team_index],
                    owner=owner,
                    # Unowned until the first reply took it, as its owner event says.
                    owner_since=plan["replied"] if owner else None,
                    unowned_seconds=(plan["replied"] - created).total_seconds() if owner else 0,
                    channel=_weighted(rng, CHANNELS),
                    language="en",
                    created_at=created,
                    updated_at=solved_at if solved else plan["end"],
                    first_response_at=plan["replied"],
                    last_customer_message_at=last_inbound,
                    last_agent_reply_at=plan["last_reply"],
                    awaiting_reply_since=last_inbound
                    if waiting and status in (Status.NEW, Status.OPEN)
                    else None,
                    solved_at=solved_at if solved else None,
                )
            )
            plans.append(plan)
        messages = []
        for ticket, plan in zip(tickets, plans, strict=True):
            quoted = ""
            for direction, at in plan["messages"]:
                body = self._body(direction, quoted)
                quoted = body[:600]
                messages.append(
                    Message(
                        ticket=ticket,
                        direction=direction,
                        channel=ticket.channel,
                        author_customer=ticket.customer if direction == Direction.INBOUND else None,
                        author_agent=None if direction == Direction.INBOUND else ticket.owner,
                        body_text=body,
                        created_at=at,
                    )
                )
            ticket.subject = messages[-len(plan["messages"])].body_text.split("?")[0][:120]
        Ticket.objects.bulk_create(tickets)
        Message.objects.bulk_create(messages)
        self._attachments(messages, built)
        events, solves = self._events(tickets, messages)
        Event.objects.bulk_create(events)
        self._ratings(solves, built)
        targets = [target for ticket in tickets for target in self._clocks(ticket)]
        SLATarget.objects.bulk_create(targets)
        promises = self._promises(tickets)
        Promise.objects.bulk_create(promises)
        built["tickets"] += len(tickets)
        built["messages"] += len(messages)
        built["events"] += len(events)
        built["SLA clocks"] += len(targets)
        for promise in promises:
            built[f"promises {promise.status}"] += 1
        for target in targets:
            built[f"clocks {target.phase} {target.level}"] += 1

    def _conversation(self, created: datetime) -> dict:
        """Who wrote when: the customer first, then agent and customer in turn, with a note
        now and then; nothing after now."""
        rng, at = self.rng, created
        count = rng.choices(range(1, 11), weights=MESSAGE_WEIGHTS)[0]
        messages, replied, last_reply = [(Direction.INBOUND, created)], None, None
        for index in range(1, count):
            # Agents answer within hours (mean 3 h first, 8 h later); customers take longer.
            mean = 180 if index == 1 else 480
            at += timedelta(minutes=5 + min(rng.expovariate(1 / mean), 7 * 24 * 60))
            if at >= self.now:
                break
            if rng.random() < 0.1:
                direction = Direction.NOTE
            elif messages[-1][0] == Direction.OUTBOUND:
                direction = Direction.INBOUND
            else:
                direction = Direction.OUTBOUND
            if direction == Direction.OUTBOUND:
                replied, last_reply = replied or at, at
            messages.append((direction, at))
        return {"messages": messages, "replied": replied, "last_reply": last_reply, "end": at}

    def _status(self, created: datetime, plan: dict) -> str:
        """Old tickets are solved or closed (one in two hundred left open for a long time);
        the last days' are still in every state."""
        rng, age = self.rng, (self.now - created).total_seconds() / 86400
        if rng.random() < min(0.995, age / 5):
            return Status.CLOSED if age > 7 else Status.SOLVED
        if plan["replied"] is None:
            return Status.NEW
        return rng.choice([Status.OPEN, Status.OPEN, Status.PENDING, Status.ON_HOLD])

    def _attachments(self, messages: list[Message], built: Counter) -> None:
        rows = []
        for message in messages:
            if message.direction == Direction.INBOUND and self.rng.random() < 1 / 12:
                name, path, payload = self.rng.choice(self.stored)
                rows.append(
                    Attachment(
                        message=message,
                        file=path,
                        filename=name,
                        content_type=sniffed_type(payload),
                        size=len(payload),
                        sha256=hashlib.sha256(payload).hexdigest(),
                    )
                )
        Attachment.objects.bulk_create(rows)
        built["attachments"] += len(rows)

    def _events(self, tickets: list[Ticket], messages: list[Message]):
        """The audit trail the actions would have written, and each solve's event (a
        rating hangs on it)."""
        events, solves = [], []
        by_ticket: dict[int, list[Message]] = {}
        for message in messages:
            by_ticket.setdefault(message.ticket.pk, []).append(message)
        for ticket in tickets:
            first, *_ = thread = by_ticket[ticket.pk]
            events.append(
                ticket_created(
                    ticket=ticket,
                    message=first,
                    after={"subject": ticket.subject, "channel": ticket.channel},
                    actor=None,
                    actor_customer=ticket.customer,
                )
            )
            for message in thread:
                if message.direction == Direction.INBOUND:
                    event = message_received(
                        ticket=ticket, message=message, customer=message.author_customer
                    )
                elif message.direction == Direction.OUTBOUND:
                    event = reply_sent(message=message, agent=message.author_agent)
                else:
                    event = note_added(message=message, agent=message.author_agent)
                events.append(event)
            if ticket.owner and ticket.first_response_at:
                events.append(
                    owner_changed(
                        ticket=ticket,
                        before=None,
                        after=ticket.owner,
                        actor=ticket.owner,
                        payload=Reassigned(reason="first reply"),
                        at=ticket.first_response_at,
                    )
                )
            if ticket.solved_at:
                solve = status_changed(
                    ticket=ticket,
                    payload=StatusChanged(),
                    actor=ticket.owner,
                    before=Status.OPEN,
                    after=Status.SOLVED,
                    at=ticket.solved_at,
                )
                events.append(solve)
                solves.append(solve)
        return events, solves

    def _ratings(self, solves: list[Event], built: Counter) -> None:
        """A third of the solves asked for a rating; two in five of those answered it,
        mostly happy."""
        rng, ratings, answers = self.rng, [], []
        for solve in solves:
            if rng.random() >= 1 / 3:
                continue
            answered = rng.random() < 0.4
            rating = Rating(
                solve_event=solve,
                ticket=solve.ticket,
                customer=solve.ticket.customer,
                score=(Score.GOOD if rng.random() < 0.85 else Score.BAD) if answered else "",
                comment=rng.choice(self.text.questions) if answered and rng.random() < 0.3 else "",
                asked_at=solve.created_at,
                rated_at=solve.created_at + timedelta(hours=rng.randint(1, 48))
                if answered
                else None,
            )
            ratings.append(rating)
            if answered:
                answers.append(rating)
        Rating.objects.bulk_create(ratings)  # the rows' ids, for the events naming them
        rated_events = [
            rated(
                ticket=rating.ticket,
                payload=Rated(rating=rating.pk, comment=rating.comment),
                actor_customer=rating.customer,
                after=rating.score,
                at=min(rating.rated_at, self.now),
            )
            for rating in answers
        ]
        Event.objects.bulk_create(rated_events)
        built["ratings asked"] += len(ratings)
        built["ratings answered"] += len(rated_events)
        built["events"] += len(rated_events)

    def _clocks(self, ticket: Ticket) -> list[SLATarget]:
        """First response and resolution in the office's business hours: stopped when met
        or missed, still running (on track, at risk or breached) otherwise."""
        clocks, calendar = [], self.calendar
        for metric, target, end in (
            # A ticket solved without a reply stops its first-response clock too.
            (Metric.FIRST_RESPONSE, FIRST_RESPONSE, ticket.first_response_at or ticket.solved_at),
            (Metric.RESOLUTION, RESOLUTION, ticket.solved_at),
        ):
            start = ticket.created_at
            due = calendar.add(start, target)
            at_risk = calendar.add(start, target * AT_RISK_SHARE)
            reached = end or self.now
            level = Level.OK
            if reached > due:
                level = Level.BREACHED
            elif reached > at_risk and end is None:
                level = Level.AT_RISK
            clocks.append(
                SLATarget(
                    ticket=ticket,
                    policy=self.policy,
                    metric=metric,
                    target=target,
                    at_risk_share=AT_RISK_SHARE,
                    started_at=start,
                    elapsed=calendar.between(start, end) if end else timedelta(0),
                    running_since=None if end else start,
                    phase=Phase.STOPPED if end else Phase.RUNNING,
                    level=level,
                    at_risk_at=at_risk,
                    due_at=due,
                    flagged_at_risk_at=at_risk if level != Level.OK else None,
                    breached_at=due if level == Level.BREACHED else None,
                    achieved_at=end if end and end <= due else None,
                    stopped_at=end,
                )
            )
        return clocks

    def _promises(self, tickets: list[Ticket]) -> list[Promise]:
        """One ticket in twenty with a replied-to customer got a promise: kept or missed
        once solved, open (some overdue) while the ticket is open."""
        rng, promises = self.rng, []
        for ticket in tickets:
            if not ticket.first_response_at or rng.random() >= 1 / 20:
                continue
            made = ticket.first_response_at
            due = made + timedelta(hours=rng.randint(2, 72))
            if ticket.solved_at is None and due < self.now - timedelta(days=2):
                due = self.now + timedelta(hours=rng.randint(-20, 48))
            kept = ticket.solved_at is not None and rng.random() < 0.8
            if ticket.solved_at is None:
                status = PromiseStatus.OPEN
            else:
                status = PromiseStatus.KEPT if kept else PromiseStatus.MISSED
            promises.append(
                Promise(
                    ticket=ticket,
                    agent=ticket.owner,
                    what="An update on the investigation",
                    made_at=made,
                    due_at=due,
                    remind_at=due - timedelta(hours=1),
                    status=status,
                    kept_at=min(due, ticket.solved_at) if status == PromiseStatus.KEPT else None,
                    missed_at=due if status == PromiseStatus.MISSED else None,
                )
            )
        return promises


def _address_part(name: str) -> str:
    """A name as an address's local part, "Chloé García" as chloe.garcia: the product
    takes plain ASCII local parts only (accounts/identities.normalize_email)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", ".")


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def report(built: Counter, seconds: float) -> None:
    print(
        f"built in {seconds:.0f} s on {connection.vendor} ({platform.machine()}, "
        f"{os.cpu_count()} CPUs, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}):"
    )
    for kind, count in sorted(built.items()):
        print(f"  {kind:<28} {count:>10,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tickets", type=int, nargs="?", default=100_000)
    parser.add_argument("--days", type=int, default=180, help="Over how many past days.")
    args = parser.parse_args()
    database_named()
    call_command("migrate", verbosity=0)
    if Ticket.objects.exists():
        sys.exit("The database already has tickets: point DATABASE_URL at an empty one.")
    started = time.perf_counter()
    built = build(args.tickets, days=args.days)
    report(built, time.perf_counter() - started)


if __name__ == "__main__":
    main()
