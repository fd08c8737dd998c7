"""Emails in batches: one transaction records a batch, the next processes it, and still every
email ends in exactly one outcome, one bad email harms no other, and a replay adds nothing."""

import mailbox
import threading
from concurrent.futures.process import BrokenProcessPool

import pytest
from django.core.files.storage import default_storage

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound import bulk, filters, record
from realdesk.comms.email.inbound.bulk import ingest_paths
from realdesk.comms.email.inbound.record import email_receive, emails_receive
from realdesk.comms.models import InboundEmail, OutboundEmail
from realdesk.core.models import RawMessage
from realdesk.tickets.models import Event, Message, Ticket
from support.mail import make_email

pytestmark = pytest.mark.django_db


def items(*datas: bytes) -> list[tuple[bytes, str]]:
    return [(data, "test") for data in datas]


def three_emails() -> list[bytes]:
    return [make_email(subject=s, sender=f"{s}@example.org") for s in ("one", "two", "three")]


def test_a_batch_lands_in_order_with_one_outcome_each():
    first = make_email(subject="Printer on fire", message_id="<first@example.org>")
    reply = make_email(
        subject="Re: Printer on fire", headers={"In-Reply-To": "<first@example.org>"}
    )
    (opened, now_1), (threaded, now_2) = emails_receive(items=items(first, reply))
    assert (opened.outcome, threaded.outcome) == (Outcome.TICKET_CREATED, Outcome.REPLY_THREADED)
    assert now_1
    assert now_2
    assert threaded.ticket == opened.ticket
    assert opened.ticket.messages.count() == 2
    assert OutboundEmail.objects.filter(ticket=opened.ticket, kind="ack").count() == 1


def test_one_bad_email_is_quarantined_and_the_others_land(filters_instead):
    def broken_on_two(email):
        if email.parsed.subject == "two":
            raise RuntimeError("bug in a filter")
        return None

    filters_instead([("broken_on_two", broken_on_two), *filters.inbound_filters.items()])
    received = emails_receive(items=items(*three_emails()))
    outcomes = [(inbound.subject, inbound.outcome) for inbound, _ in received]
    assert outcomes == [
        ("one", Outcome.TICKET_CREATED),
        ("", Outcome.QUARANTINED),  # nothing of its processing is kept, the subject neither
        ("three", Outcome.TICKET_CREATED),
    ]
    bad = InboundEmail.objects.get(outcome=Outcome.QUARANTINED)
    assert "bug in a filter" in bad.reason
    assert bad.ticket is None
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["one", "three"]
    assert Event.objects.filter(ticket__subject="two").count() == 0


def test_a_failure_inside_the_ticket_action_rolls_back_only_that_email(attachments_fail_for):
    attachments_fail_for("two")
    emails_receive(items=items(*three_emails()))
    assert Ticket.objects.count() == 2  # the ticket of "two" was opened, then rolled back
    assert Message.objects.count() == 2
    assert OutboundEmail.objects.count() == 2
    assert InboundEmail.objects.get(outcome=Outcome.QUARANTINED).message_id is None


def test_acknowledgement_caps_count_the_batch_itself(settings):
    settings.REALDESK_EMAIL_ACK_PER_ADDRESS = 3
    emails_receive(items=items(*(make_email(subject=f"Question {n}") for n in range(5))))
    assert Ticket.objects.count() == 5
    assert OutboundEmail.objects.filter(kind="ack").count() == 3


def test_replaying_a_batch_creates_nothing_twice():
    batch = items(*three_emails())
    emails_receive(items=batch)
    again = emails_receive(items=batch)
    assert [now for _, now in again] == [False, False, False]
    assert [inbound.outcome for inbound, _ in again] == [Outcome.TICKET_CREATED] * 3
    assert (RawMessage.objects.count(), InboundEmail.objects.count()) == (3, 3)
    assert Ticket.objects.count() == 3


def test_the_same_bytes_twice_in_one_batch_are_one_email():
    data = make_email()
    (first, now_1), (second, now_2) = emails_receive(items=items(data, data))
    assert (now_1, now_2) == (True, False)
    assert first.pk == second.pk
    assert (InboundEmail.objects.count(), Ticket.objects.count()) == (1, 1)


def test_the_batch_is_recorded_before_anything_is_parsed(monkeypatch):
    def crash(**kwargs):
        raise KeyboardInterrupt("worker killed")

    monkeypatch.setattr(record, "inbound_process_batch", crash)
    with pytest.raises(KeyboardInterrupt):
        emails_receive(items=items(*three_emails()))
    assert InboundEmail.objects.filter(outcome=Outcome.PENDING).count() == 3
    monkeypatch.undo()
    assert bulk.inbound_process_pending(older_than_seconds=0) == 3
    assert Ticket.objects.count() == 3


@pytest.fixture
def archive(tmp_path):
    box = mailbox.mbox(tmp_path / "archive.mbox")
    for n in range(5):
        box.add(make_email(subject=f"Question {n}", sender=f"c{n}@example.org"))
    box.add(make_email(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}))
    box.flush()
    return tmp_path / "archive.mbox"


def test_bulk_import_parses_ahead_in_a_second_process(archive, monkeypatch, parsed_here):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    report = ingest_paths([archive]).as_dict()
    assert (report["received"], report["tickets_created"], report["suppressed"]) == (6, 5, 1)
    assert report["acknowledgements_queued"] == 5
    assert len(parsed_here) == 2  # the first batch; the later two were parsed ahead
    subjects = list(Ticket.objects.order_by("number").values_list("subject", flat=True))
    assert subjects == [f"Question {n}" for n in range(5)]


def test_bulk_import_parses_here_when_parsing_ahead_fails(archive, monkeypatch):
    def dying_worker(self, datas):
        raise BrokenProcessPool("the parsing process died")
        yield

    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    monkeypatch.setattr(bulk.ParseAhead, "start", dying_worker)
    report = ingest_paths([archive]).as_dict()
    assert (report["received"], report["tickets_created"], report["suppressed"]) == (6, 5, 1)
    assert report["problems"] == []


def test_bulk_import_writes_the_next_batchs_files_ahead_in_a_thread(archive, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    writers = []
    real_write = bulk.raws_write
    monkeypatch.setattr(
        bulk,
        "raws_write",
        lambda datas: writers.append(threading.current_thread().name) or real_write(datas),
    )
    report = ingest_paths([archive]).as_dict()
    assert report["tickets_created"] == 5
    assert len(writers) == 3
    assert all(name.startswith("raw-writer") for name in writers)
    for raw in RawMessage.objects.all():
        assert default_storage.exists(raw.storage_name)


def test_a_failure_writing_ahead_stops_the_import_and_loses_nothing(archive, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    written = []
    real_write = bulk.raws_write

    def disk_full_on_the_second_batch(datas):
        if written:
            raise OSError("No space left on device")
        written.append(datas)
        real_write(datas)

    monkeypatch.setattr(bulk, "raws_write", disk_full_on_the_second_batch)
    with pytest.raises(OSError, match="No space left"):
        ingest_paths([archive])
    # The first batch was recorded and waits to be processed; nothing of the second.
    assert InboundEmail.objects.filter(outcome=Outcome.PENDING).count() == 2
    assert RawMessage.objects.count() == 2
    monkeypatch.undo()
    assert bulk.inbound_process_pending(older_than_seconds=0) == 2


def test_one_email_costs_a_bounded_number_of_queries(django_assert_max_num_queries):
    """Recording, threading, the ticket, its event, SLA clocks and the acknowledgement."""
    email_receive(data=make_email(subject="warm up", sender="w@example.org"), source="test")
    with django_assert_max_num_queries(NEW_TICKET_QUERIES):
        email_receive(data=make_email(message_id="<new@example.org>"), source="test")
    reply = make_email(subject="Re: Printer on fire", headers={"In-Reply-To": "<new@example.org>"})
    with django_assert_max_num_queries(REPLY_QUERIES):
        email_receive(data=reply, source="test")


NEW_TICKET_QUERIES = 41  # with a new customer; savepoints and the knowledge-base check included
REPLY_QUERIES = 26
