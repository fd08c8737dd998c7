"""IMAP import against a real Dovecot: recorded before flagged, nothing lost or doubled."""

import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from realdesk.comms.choices import InboundOutcome
from realdesk.comms.email.inbound import bulk
from realdesk.comms.email.inbound.bulk import inbound_process_pending
from realdesk.comms.email.inbound.drivers import imap
from realdesk.comms.email.inbound.drivers.imap import MailboxConfig, imap_poll
from realdesk.comms.models import InboundEmail
from realdesk.tickets.models import Ticket
from support.dovecot import Dovecot
from support.mail import free_port, make_email
from support.services import needs_program

pytestmark = [
    pytest.mark.django_db,
    needs_program("dovecot", package="dovecot-imapd"),
]


@pytest.fixture
def dovecot():
    # Dovecot's unprivileged processes must reach the folder: pytest's tmp_path is 0700.
    directory = Path(tempfile.mkdtemp(prefix="realdesk-dovecot-"))
    directory.chmod(0o755)
    server = Dovecot(directory, free_port())
    server.start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


def imported_flags(server) -> list[bool]:
    client = server.client()
    client.select_folder("INBOX", readonly=True)
    flags = client.get_flags(client.search(["ALL"]))
    client.logout()
    return [imap.IMPORTED in f for _, f in sorted(flags.items())]


def test_poll_imports_each_message_once(dovecot):
    dovecot.deliver(*(make_email(subject=f"Question {n}") for n in range(3)))
    config = MailboxConfig.from_url(dovecot.url())
    results = imap_poll(config)
    assert [r.outcome for r in results] == [InboundOutcome.TICKET_CREATED] * 3
    assert imported_flags(dovecot) == [True, True, True]
    assert imap_poll(config) == []
    assert Ticket.objects.count() == 3


def test_crash_mid_fetch_loses_nothing_and_doubles_nothing(dovecot, monkeypatch):
    """The worker dies after recording the second batch but before flagging it."""
    dovecot.deliver(*(make_email(subject=f"Order {n}") for n in range(4)))
    config = MailboxConfig.from_url(dovecot.url())
    monkeypatch.setattr(imap, "FETCH_AT_ONCE", 2)
    real_record = imap.emails_record
    calls = []

    def record_then_die(**kwargs):
        result = real_record(**kwargs)
        calls.append(result)
        if len(calls) == 2:
            raise KeyboardInterrupt("worker killed")
        return result

    monkeypatch.setattr(imap, "emails_record", record_then_die)
    with pytest.raises(KeyboardInterrupt):
        imap_poll(config)
    assert imported_flags(dovecot) == [True, True, False, False]
    assert InboundEmail.objects.count() == 4  # the second batch is recorded, not yet flagged

    monkeypatch.setattr(imap, "emails_record", real_record)
    imap_poll(config)  # the restarted worker

    assert imported_flags(dovecot) == [True, True, True, True]
    assert InboundEmail.objects.count() == 4
    pending = InboundEmail.objects.filter(outcome=InboundOutcome.PENDING)
    assert pending.count() == 4  # recorded before the crash: the sweep processes them
    assert inbound_process_pending(older_than_seconds=0) == 4
    assert Ticket.objects.count() == 4
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        f"Order {n}" for n in range(4)
    ]


def test_bad_mailbox_url_is_a_clear_error():
    with pytest.raises(ValueError, match="imaps://"):
        MailboxConfig.from_url("http://example.org")


def test_a_large_poll_parses_ahead_in_a_second_process(dovecot, monkeypatch, parsed_here):
    """As a bulk import does: from the second batch on, the emails are parsed by the
    second process while this one stores the batch before."""
    dovecot.deliver(*(make_email(subject=f"Question {n}") for n in range(5)))
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    results = imap_poll(MailboxConfig.from_url(dovecot.url()))
    assert [r.outcome for r in results] == [InboundOutcome.TICKET_CREATED] * 5
    assert len(parsed_here) == 2  # the first batch; the later two were parsed ahead
    subjects = list(Ticket.objects.order_by("number").values_list("subject", flat=True))
    assert subjects == [f"Question {n}" for n in range(5)]


def test_the_next_messages_are_fetched_while_a_batch_is_processed(dovecot, monkeypatch):
    """One thread fetches (and writes the files of) the next batch before this one
    processes the batch before it; the client is only ever used by that thread."""
    dovecot.deliver(*(make_email(subject=f"Refund {n}") for n in range(6)))
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    monkeypatch.setattr(imap, "FETCH_AT_ONCE", 1)
    steps = []
    real_fetch, real_process = imap._fetch_written, bulk.process_recorded

    def fetch(client, uids):
        steps.append(("fetch", threading.current_thread().name.startswith("imap")))
        return real_fetch(client, uids)

    def process(recorded, parsed):
        steps.append(("process", len(recorded)))
        return real_process(recorded, parsed)

    monkeypatch.setattr(imap, "_fetch_written", fetch)
    monkeypatch.setattr(bulk, "process_recorded", process)
    results = imap_poll(MailboxConfig.from_url(dovecot.url()))

    assert [r.outcome for r in results] == [InboundOutcome.TICKET_CREATED] * 6
    before_first = steps[: steps.index(("process", 2))]  # batch 2 taken before batch 1 is processed
    assert set(before_first) == {("fetch", True)}
    assert len(before_first) >= 4
    assert steps.count(("fetch", True)) == 6
    assert steps.count(("process", 2)) == 3
    assert imported_flags(dovecot) == [True] * 6
