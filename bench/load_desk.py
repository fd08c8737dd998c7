"""The database side of bench/load.py, run by it in a process of its own (the load
generator itself runs under gevent and never loads Django):

    python bench/load_desk.py prepare PLAN.json --tickets N --agents A --integrators I \
        --articles K --mails M --mail-dir DIR --to ADDRESS
    python bench/load_desk.py check SENT.txt

`prepare` builds bench/dataset.py's desk of N tickets (or reuses the one built before),
adds the load's people (A agents over the three teams, signed in, and I integrators with
write tokens), a knowledge base of K articles as bench/knowledge_search.py writes it
(embedded, so the support center searches as configured), writes M emails from
bench/corpus.py's inbound_mail() into DIR, and writes the plan the load generator follows
(who signs in how, what customers search for and ask) to PLAN.json.

`check` waits until no received email is left unprocessed, then checks that each
Message-ID in SENT.txt (the ones the SMTP listener accepted) has exactly one raw record
with an outcome, and that a ticket or a reply is exactly one message. Prints JSON.
"""

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset  # sets Django up
from corpus import inbound_mail
from django.conf import settings
from django.db.models import Count
from django.test import Client
from knowledge_search import fill

from realdesk.accounts.actions import agent_create
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import CustomerIdentity, Team, User
from realdesk.api.actions import token_create
from realdesk.comms.choices import InboundOutcome
from realdesk.comms.models import InboundEmail
from realdesk.knowledge.models import Article
from realdesk.knowledge.tasks import articles_embed_stale
from realdesk.tickets.models import Message, Ticket

LOAD_DOMAIN = "load.bench.example"
#: Outcomes that put the email into a ticket: exactly one message each.
INTO_A_TICKET = {InboundOutcome.TICKET_CREATED, InboundOutcome.REPLY_THREADED}


def _people(prefix: str, count: int, teams: list[Team]) -> list[User]:
    """`count` agents named prefix-i, over the teams in turn; made once, reused after."""
    people = []
    for i in range(count):
        email = f"{prefix}-{i}@{LOAD_DOMAIN}"
        user = User.objects.filter(email=email).first()
        people.append(
            user
            or agent_create(email=email, full_name=f"{prefix} {i}", teams=[teams[i % len(teams)]])
        )
    return people


def prepare(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    desk = dataset.desk(args.tickets)
    teams = list(Team.objects.filter(name__in=dataset.TEAMS).order_by("pk"))
    agents = _people("load-agent", args.agents, teams)
    sessions = []
    for agent in agents:  # signed in already, as agents are when the day is busy
        client = Client()
        client.force_login(agent)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    tokens = [
        token_create(agent=agent, scope="write", name="load bench")[1]
        for agent in _people("load-integrator", args.integrators, teams)
    ]
    rng = random.Random(11)
    queries = []
    if not Article.objects.exists():
        queries = fill(args.articles, rng)
        articles_embed_stale.call()
    text = dataset.corpus()
    queries = queries or rng.sample(text.questions, 300)
    emails = CustomerIdentity.objects.filter(kind=IdentityKind.EMAIL).order_by("?")
    senders = list(emails.values_list("value", flat=True)[:2_000])
    mail_dir = Path(args.mail_dir)
    mail_dir.mkdir(parents=True, exist_ok=True)
    seed = int(time.time())  # new Message-IDs and words every run, the same desk
    mails = inbound_mail(args.mails, senders=senders, to=args.to, seed=seed, text=text)
    for i, (_, data) in enumerate(mails):
        (mail_dir / f"{i:07d}.eml").write_bytes(data)
    plan = {
        "tickets": Ticket.objects.count(),
        "messages": Message.objects.count(),
        "articles": Article.objects.count(),
        "reused": desk.reused,
        "sessions": sessions,
        "tokens": tokens,
        "teams": [team.pk for team in teams],
        "queries": queries,
        "requests": rng.sample(text.questions, 500),
        "replies": rng.sample(text.replies, min(200, len(text.replies))),
        "senders": senders[:500],
    }
    Path(args.plan).write_text(json.dumps(plan), encoding="utf-8")
    print(f"prepared in {time.perf_counter() - started:.0f} s")


def check(args: argparse.Namespace) -> None:
    """Exactly one outcome for every email the listener accepted."""
    sent = Path(args.sent).read_text(encoding="utf-8").split()
    deadline = time.monotonic() + args.wait
    records = InboundEmail.objects.filter(rfc_message_id__in=sent)
    while records.filter(outcome=InboundOutcome.PENDING).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(1)
    per_id = Counter(dict(records.values_list("rfc_message_id").annotate(n=Count("pk"))))
    outcomes = Counter(records.values_list("outcome", flat=True))
    into_ticket = records.filter(outcome__in=INTO_A_TICKET)
    stored = Counter(
        dict(
            Message.objects.filter(external_id__in=sent)
            .values_list("external_id")
            .annotate(n=Count("pk"))
        )
    )
    expected = set(into_ticket.values_list("rfc_message_id", flat=True))
    problems = {
        "no record": [i for i in sent if per_id[i] == 0],
        "several records": [i for i in sent if per_id[i] > 1],
        "still pending": list(
            records.filter(outcome=InboundOutcome.PENDING).values_list("rfc_message_id", flat=True)
        ),
        "not exactly one message": [i for i in expected if stored[i] != 1],
        "message without its outcome": [i for i in stored if i not in expected],
        "outcome without its message": list(
            into_ticket.filter(message__isnull=True).values_list("rfc_message_id", flat=True)
        ),
    }
    print(
        json.dumps(
            {
                "sent": len(sent),
                "outcomes": dict(outcomes),
                "problems": {name: ids[:20] for name, ids in problems.items() if ids},
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("prepare")
    making.add_argument("plan")
    making.add_argument("--tickets", type=int, required=True)
    making.add_argument("--agents", type=int, required=True)
    making.add_argument("--integrators", type=int, required=True)
    making.add_argument("--articles", type=int, required=True)
    making.add_argument("--mails", type=int, required=True)
    making.add_argument("--mail-dir", required=True)
    making.add_argument("--to", required=True)
    checking = commands.add_parser("check")
    checking.add_argument("sent")
    checking.add_argument("--wait", type=float, default=120, help="seconds for the backlog")
    args = parser.parse_args()
    {"prepare": prepare, "check": check}[args.command](args)


if __name__ == "__main__":
    main()
