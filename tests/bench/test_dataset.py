"""bench/dataset.py builds the desk every bench measures: checked here at a small size for
the shapes the benches rely on (no timings), and the console and search benches run on it
end to end so they keep working as the code changes."""

import importlib.util
import os
import re
from email import message_from_bytes
from email.policy import default
from email.utils import parseaddr
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from bench.conftest import bench_process
from factories import open_ticket
from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer, CustomerIdentity, Team
from realdesk.sla.choices import Level, Phase, PromiseStatus
from realdesk.sla.models import Promise, SLATarget
from realdesk.surveys.models import Rating
from realdesk.tickets.choices import Direction, EventKind, Status
from realdesk.tickets.models import Attachment, Event, Message, Ticket
from realdesk.tickets.search import text_match

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dataset():
    return _bench_module("dataset")


@pytest.fixture
def built(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return _dataset().build(600, days=20)


def test_tickets_have_one_to_ten_real_messages(built):
    assert Ticket.objects.count() == built["tickets"] == 600
    per_ticket = Ticket.objects.annotate(n=Count("messages")).values_list("n", flat=True)
    assert (min(per_ticket), max(per_ticket)) == (1, 10)
    assert 2.5 <= Message.objects.count() / 600 <= 4
    assert set(Message.objects.values_list("direction", flat=True)) == set(Direction.values)
    # Real text, not one repeated filler: long bodies, hardly any two alike.
    bodies = list(Message.objects.values_list("body_text", flat=True))
    assert len(set(bodies)) > 0.8 * len(bodies)
    assert sum(map(len, bodies)) / len(bodies) > 150
    assert Attachment.objects.count() > 0
    created = sorted(Ticket.objects.values_list("created_at", flat=True))
    assert (created[-1] - created[0]).days >= 18  # spread over the days asked for


def test_every_state_of_work_is_there(built):
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED} <= statuses
    waiting = Ticket.objects.filter(awaiting_reply_since__isnull=False)
    assert waiting.exists()
    assert not waiting.exclude(status__in=[Status.NEW, Status.OPEN]).exists()
    assert not Ticket.objects.filter(status=Status.SOLVED, solved_at__isnull=True).exists()


def test_sla_clocks_run_and_finish(built):
    assert SLATarget.objects.count() == 2 * 600
    pairs = set(SLATarget.objects.values_list("phase", "level"))
    assert (Phase.RUNNING, Level.OK) in pairs
    assert (Phase.RUNNING, Level.BREACHED) in pairs
    assert (Phase.STOPPED, Level.OK) in pairs
    assert (Phase.STOPPED, Level.BREACHED) in pairs
    solved = Ticket.objects.filter(solved_at__isnull=False)
    assert not SLATarget.objects.filter(ticket__in=solved, phase=Phase.RUNNING).exists()


def test_customers_teams_events_ratings_promises(built):
    assert Customer.objects.count() == 200
    identities = Customer.objects.annotate(n=Count("identities")).values_list("n", flat=True)
    assert (min(identities), max(identities)) == (1, 4)
    assert set(CustomerIdentity.objects.values_list("kind", flat=True)) == {
        "email",
        "phone",
        "social",
    }
    assert Team.objects.count() == 3
    assert all(team.members.count() == 4 for team in Team.objects.all())
    # The audit trail: a creation and one event per message on every ticket.
    assert Event.objects.filter(kind=EventKind.CREATED).count() == 600
    message_events = [EventKind.MESSAGE_RECEIVED, EventKind.REPLY_SENT, EventKind.NOTE_ADDED]
    assert Event.objects.filter(kind__in=message_events).count() == Message.objects.count()
    assert Event.objects.count() == built["events"]
    ratings = Rating.objects.all()
    assert {bool(rating.score) for rating in ratings} == {True, False}
    assert all(r.solve_event.after == Status.SOLVED for r in ratings.select_related("solve_event"))
    assert set(Promise.objects.values_list("status", flat=True)) >= {
        PromiseStatus.OPEN,
        PromiseStatus.KEPT,
        PromiseStatus.MISSED,
    }


def test_bulk_inserts_are_searchable(built):
    """The search index is kept by triggers, so bulk_create feeds it too."""
    message = Message.objects.order_by("pk")[300]
    words = [word for word in message.body_text.lower().split() if word.isalpha()][:2]
    found = Ticket.objects.filter(text_match(words, among=Ticket.objects.all()))
    assert message.ticket in found


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_build_outside_a_transaction_leaves_the_tickets_vacuumed(settings, tmp_path):
    """As autovacuum would leave a desk read long after: its pages marked all-visible, which
    index-only scans need (a build that only analyzed left none)."""
    settings.MEDIA_ROOT = tmp_path
    _dataset().build(60, days=5)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'tickets_ticket'"
        )
        pages, visible = cursor.fetchone()
    assert pages > 0
    assert visible == pages


def test_the_benches_run_small_on_one_dataset(run_bench):
    """dataset.py builds, then the console and search benches reuse what it built."""
    assert re.search(r"tickets +400\n", run_bench("dataset.py", "400"))
    console = run_bench("console_views.py", "400")
    assert "reusing the dataset of 400 tickets" in console
    assert "/agent/counts/" in console
    assert "plan of the counts query" in console
    assert "search page (match, rank, highlight)" in run_bench("ticket_search.py", "400")
    # Two versions side by side; here this checkout against itself.
    compared = run_bench("console_compare.py", str(BENCH.parent), "--rounds", "1", "--runs", "1")
    assert re.search(r"/agent/counts/ +\d+\.\d +\d+\.\d +\d+\.\d\n", compared)


@pytest.mark.parametrize("script", ["dataset.py", "reports.py"])
def test_no_bench_fills_the_dev_desk_s_database(tmp_path, script):
    """Run from a shell with no DATABASE_URL, a bench refuses, creating nothing, rather
    than building its desk into the database settings fall back to (the dev desk's)."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["REALDESK_VAR_DIR"] = str(tmp_path)
    done = bench_process(script, "--days", "2", env=env, timeout=120)
    assert done.returncode != 0
    assert "Name the database" in done.stderr
    assert not list(tmp_path.rglob("*.sqlite3*"))


def test_every_address_is_one_the_product_accepts(built):
    """Customers named Chloé get chloe.… addresses: the web form, the API and the mail
    pipeline refuse a local part outside ASCII, so the load bench's customers would fail."""
    addresses = CustomerIdentity.objects.filter(kind="email").values_list("value", flat=True)
    assert all(normalize_email(address) == address for address in addresses)


def test_inbound_mail_is_multipart_with_replies_and_attachments():
    """The mail every bench sends in (bench/corpus.py), here from a desk's own senders."""
    corpus = _bench_module("corpus")
    text = corpus.Corpus(questions=["Where is my card?", "Can I pay by bank transfer?"] * 5,
                         replies=[], files=[])  # fmt: skip
    mails = list(corpus.inbound_mail(60, text=text, senders=["ana@example.com"],
                                     to="help@example.com"))  # fmt: skip
    parsed = [message_from_bytes(data, policy=default) for _, data in mails]
    assert [message["Message-ID"].strip("<>") for message in parsed] == [i for i, _ in mails]
    assert len({i for i, _ in mails}) == 60
    replies = [message for message in parsed if message["In-Reply-To"]]
    assert 25 <= len(replies) <= 55
    assert {m["In-Reply-To"].strip("<>") for m in replies} <= {i for i, _ in mails}
    assert all(message.get_body(("html",)) and message.get_body(("plain",)) for message in parsed)
    assert any(any(message.iter_attachments()) for message in parsed)
    assert all(normalize_email(parseaddr(message["From"])[1]) for message in parsed)
    assert "ana@example.com" in {parseaddr(message["From"])[1] for message in parsed}
    assert {parseaddr(message["To"])[1] for message in parsed} == {"help@example.com"}


def test_tickets_opened_afterwards_continue_the_numbers(built, customer):
    highest = max(Ticket.objects.values_list("number", flat=True))
    assert open_ticket(customer=customer).number > highest
