"""Builds the demo through the real actions, so every ticket has a true history."""

import os
import random
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from realdesk.accounts.actions import customer_identify, customer_identity_add
from realdesk.accounts.choices import CustomerTier, IdentityKind, Role
from realdesk.accounts.models import Customer, Organization, Team, User
from realdesk.comms.choices import OutboundStatus
from realdesk.comms.models import OutboundEmail
from realdesk.demo.scenarios import FIRST_NAMES, LAST_NAMES, ORGANIZATIONS, SCENARIOS, Scenario
from realdesk.knowledge.demo import support_center_demo
from realdesk.sla.actions.defaults import sla_defaults_install
from realdesk.surveys.actions import rating_ask
from realdesk.tickets.actions import message_receive, message_send, ticket_open, ticket_set_status
from realdesk.tickets.choices import Channel, EventKind, Priority, Status
from realdesk.tickets.models import Event, Ticket

TEAMS = ["Billing", "Technical Support", "Shipping & Returns"]
AGENTS = [
    ("admin@example.com", "Ada Okonkwo", Role.ADMIN, TEAMS),
    ("lead@example.com", "Lars Lindqvist", Role.LEAD, TEAMS),
    ("agent@example.com", "Sam Rivera", Role.AGENT, ["Technical Support", "Billing"]),
    ("mei@example.com", "Mei Chen", Role.AGENT, ["Technical Support"]),
    ("jonas@example.com", "Jonas Weber", Role.AGENT, ["Billing"]),
    ("priya@example.com", "Priya Nair", Role.AGENT, ["Shipping & Returns"]),
    ("observer@example.com", "Olu Observer", Role.READ_ONLY, TEAMS),
]
CHANNEL_WEIGHTS = {
    Channel.EMAIL: 50,
    Channel.WEB: 22,
    Channel.CHAT: 12,
    Channel.PHONE: 10,
    Channel.SOCIAL: 6,
}
DEMO_TICKETS = 320
DEMO_CUSTOMERS = 110
DEMO_DAYS = 42


def demo_password() -> str:
    return os.environ.get("REALDESK_DEMO_PASSWORD", "demo")


def _staff() -> dict[str, list[User]]:
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
    by_team: dict[str, list[User]] = {name: [] for name in TEAMS}
    for email, full_name, role, team_names in AGENTS:
        agent = User.objects.filter(email=email).first() or User.objects.create_user(
            email, full_name=full_name, role=role
        )
        agent.set_password(demo_password())
        agent.save(update_fields=["password"])
        agent.teams.set([teams[name] for name in team_names])
        if role in {Role.AGENT, Role.LEAD}:
            for name in team_names:
                by_team[name].append(agent)
    return by_team


def _customers(rng: random.Random, start: datetime) -> list[Customer]:
    orgs = [Organization.objects.get_or_create(name=name)[0] for name in ORGANIZATIONS]
    customers = []
    for i in range(DEMO_CUSTOMERS):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.{i}@example.net".lower().replace("ü", "ue")
        customer = customer_identify(
            kind=IdentityKind.EMAIL,
            value=email,
            name=f"{first} {last}",
            language=rng.choice(["en", "en", "en", "de", "fr", "es"]),
            organization=rng.choice(orgs) if rng.random() < 0.3 else None,
            at=start,
        )
        if rng.random() < 0.35:
            customer_identity_add(
                customer=customer, kind=IdentityKind.PHONE, value=f"+1 415 555 {1000 + i:04d}"
            )
        if rng.random() < 0.15:
            customer_identity_add(
                customer=customer, kind=IdentityKind.SOCIAL, value=f"mastodon:@{first}{i}".lower()
            )
        if rng.random() < 0.08:
            customer.tier = CustomerTier.VIP
            customer.save(update_fields=["tier"])
        customers.append(customer)
    return customers


def _play(scenario: Scenario, *, customer, team, agent, channel, opened, rng, now) -> None:
    """One conversation: the older it is, the further along it has got."""
    age = now - opened
    ticket = ticket_open(
        customer=customer,
        subject=scenario.subject,
        body_text=scenario.question,
        channel=channel,
        priority=rng.choices(list(Priority.values), weights=[10, 60, 22, 8])[0],
        team=team,
        at=opened,
    )
    if age < timedelta(hours=rng.uniform(2, 30)):
        return  # still waiting for a first answer: the Unanswered view has work in it
    replied = opened + timedelta(minutes=rng.uniform(12, 60 * 20))
    solved_now = scenario.follow_up == "" and rng.random() < 0.75
    message_send(
        ticket=ticket,
        agent=agent,
        body_text=f"Hi {customer.name.split()[0]},\n\n{scenario.answer}\n\n{agent.first_name}",
        status_after=Status.SOLVED if solved_now else Status.PENDING,
        at=replied,
    )
    if scenario.follow_up:
        answered = replied + timedelta(minutes=rng.uniform(30, 60 * 30))
        if answered < now:
            message_receive(
                ticket=ticket,
                customer=customer,
                body_text=scenario.follow_up,
                channel=channel,
                at=answered,
            )
            thanked = answered + timedelta(minutes=rng.uniform(5, 180))
            in_progress = age < timedelta(days=3) and rng.random() < 0.6
            if thanked < now and not in_progress:
                message_send(
                    ticket=ticket,
                    agent=agent,
                    body_text="Glad that's sorted. Write any time.",
                    status_after=Status.SOLVED,
                    at=thanked,
                )
    ticket.refresh_from_db()
    if ticket.status == Status.PENDING and age > timedelta(days=7):
        ticket_set_status(
            ticket=ticket,
            status=Status.SOLVED,
            actor=agent,
            reason="No reply from the customer for a week",
            at=replied + timedelta(days=7),
        )
        ticket.refresh_from_db()
    if ticket.status == Status.SOLVED and age > timedelta(days=10):
        ticket_set_status(
            ticket=ticket,
            status=Status.CLOSED,
            actor=agent,
            at=ticket.solved_at + timedelta(days=3),
        )


def load_demo(*, seed: int = 2026) -> dict[str, int]:
    """Idempotent: staff and passwords are (re)set every time, tickets made only once."""
    rng = random.Random(seed)
    now = timezone.now()
    start = now - timedelta(days=DEMO_DAYS)
    with transaction.atomic():
        by_team = _staff()
        support_center_demo()  # articles and contact block; idempotent, also for old demos
        if Ticket.objects.exists():
            return {"tickets_created": 0, "tickets": Ticket.objects.count()}
        customers = _customers(rng, start)
        teams = {team.name: team for team in Team.objects.all()}
        openings = sorted(
            start + timedelta(seconds=rng.uniform(0, DEMO_DAYS * 86400))
            for _ in range(DEMO_TICKETS)
        )
        regulars = customers[:25]  # customers with history: several tickets each
        for opened in openings:
            scenario = rng.choice(SCENARIOS)
            customer = rng.choice(regulars if rng.random() < 0.4 else customers)
            _play(
                scenario,
                customer=customer,
                team=teams[scenario.team],
                agent=rng.choice(by_team[scenario.team]),
                channel=rng.choices(list(CHANNEL_WEIGHTS), weights=CHANNEL_WEIGHTS.values())[0],
                opened=opened,
                rng=rng,
                now=now,
            )
    sla_defaults_install(replay_history=True)
    _history_mailed()
    return {"tickets_created": DEMO_TICKETS, "tickets": Ticket.objects.count()}


def _history_mailed() -> int:
    """The demo's past as its customers lived it: each solve was asked for a rating when it
    happened, and the mail of that past (acknowledgements, replies, notices, surveys) went
    out then. Marked so, none of it is sent now: a fresh `make run` wrote ~780 such emails
    into `var/sent-mail/`, burying the newcomer's own first one, and with a relay set they
    would have gone to the demo's made-up addresses. Returns how many were marked."""
    solves = Event.objects.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED)
    for solve in solves.select_related("ticket"):
        rating_ask(solve_event=solve)  # the worker's own asks then find them asked
    queued = OutboundEmail.objects.filter(status=OutboundStatus.QUEUED)
    return queued.update(status=OutboundStatus.SENT, sent_at=F("created_at"))
