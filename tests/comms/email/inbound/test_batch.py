"""A batch reads what its emails need once, then learns from each email it delivers: the
next email of the batch is decided exactly as if the earlier ones had been committed,
and an email whose processing failed teaches the batch nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realdesk.accounts.models import Customer
from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound.record import email_receive, emails_receive
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.tickets.models import Ticket
from support.mail import make_email

pytestmark = pytest.mark.django_db


def receive_together(*datas: bytes):
    return [inbound for inbound, _ in emails_receive(items=[(d, "test") for d in datas])]


def test_the_same_message_id_twice_in_a_batch_is_a_duplicate():
    first = make_email(message_id="<once@example.org>", body="First copy.")
    second = make_email(message_id="<once@example.org>", body="Second copy, other bytes.")
    one, two = receive_together(first, second)
    assert (one.outcome, two.outcome) == (Outcome.TICKET_CREATED, Outcome.DUPLICATE)
    assert Ticket.objects.count() == 1


def test_a_new_customer_writing_twice_in_a_batch_is_one_customer():
    one, two = receive_together(
        make_email(subject="First question"), make_email(subject="Another matter")
    )
    assert (one.outcome, two.outcome) == (Outcome.TICKET_CREATED, Outcome.TICKET_CREATED)
    assert Customer.objects.count() == 1
    assert one.ticket.customer_id == two.ticket.customer_id


def test_a_same_subject_follow_up_in_the_batch_joins_the_ticket_opened_before_it():
    one, two = receive_together(
        make_email(subject="Printer on fire"), make_email(subject="RE: Printer on fire")
    )
    assert two.outcome == Outcome.REPLY_THREADED
    assert two.ticket == one.ticket


def test_a_reply_to_an_email_that_failed_does_not_join_its_rolled_back_ticket(
    attachments_fail_for,
):
    attachments_fail_for("Printer on fire")
    failed, reply = receive_together(
        make_email(message_id="<first@example.org>"),
        make_email(subject="More about it", headers={"In-Reply-To": "<first@example.org>"}),
    )
    assert failed.outcome == Outcome.QUARANTINED
    assert reply.outcome == Outcome.TICKET_CREATED  # a ticket of its own, not a lost one
    assert Ticket.objects.get().pk == reply.ticket_id


def test_a_bounce_in_the_batch_stops_acknowledgements_to_the_address_after_it():
    ticket = email_receive(data=make_email(), source="test")[0].ticket
    ack = OutboundEmail.objects.get(ticket=ticket)
    dsn = make_email(
        sender="MAILER-DAEMON@mx.example.org",
        subject="Undelivered Mail Returned to Sender",
        body=f"<jane@example.org>: 550 5.1.1 user unknown\n\nMessage-ID: <{ack.rfc_message_id}>\n",
        headers={"X-Failed-Recipients": "jane@example.org"},
    )
    bounce, request = receive_together(dsn, make_email(subject="Another question"))
    assert bounce.outcome == Outcome.SUPPRESSED
    assert AddressFlag.objects.filter(address="jane@example.org").exists()
    assert request.outcome == Outcome.TICKET_CREATED
    assert not OutboundEmail.objects.filter(ticket=request.ticket).exists()


def test_the_batch_reads_message_ids_senders_and_flags_once():
    opened = [(make_email(message_id=f"<m{n}@example.org>"), "test") for n in range(5)]
    emails_receive(items=opened)
    replies = [
        make_email(subject=f"Question {n}", headers={"In-Reply-To": f"<m{n}@example.org>"})
        for n in range(5)
    ]
    with CaptureQueriesContext(connection) as captured:
        threaded = receive_together(*replies)
    assert {inbound.outcome for inbound in threaded} == {Outcome.REPLY_THREADED}
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]

    def reads_of(pattern: str) -> int:
        return sum(1 for sql in reads if re.search(pattern, sql))

    assert reads_of(r'FROM "comms_outboundemail" .*"rfc_message_id" IN') == 1
    assert reads_of(r'FROM "tickets_message" .*"external_id" IN') == 1
    assert reads_of(r'FROM "accounts_customeridentity"') == 1
    # Flags are asked only for acknowledgements: replies get none.
    assert reads_of(r'FROM "comms_addressflag"') == 0
    requests = [make_email(subject=f"New {n}", sender=f"n{n}@example.org") for n in range(5)]
    with CaptureQueriesContext(connection) as captured:
        receive_together(*requests)
    flags = [q for q in captured.captured_queries if 'FROM "comms_addressflag"' in q["sql"]]
    assert len(flags) == 1  # once for the batch's five acknowledgements


def test_a_stranger_answering_a_request_of_the_same_batch_gets_a_ticket_of_their_own():
    request, intrusion = receive_together(
        make_email(message_id="<request@example.org>", subject="My invoice"),
        make_email(
            sender="Mallory <mallory@example.net>",
            subject="Re: My invoice",
            headers={"In-Reply-To": "<request@example.org>"},
        ),
    )
    assert (request.outcome, intrusion.outcome) == (Outcome.TICKET_CREATED, Outcome.TICKET_CREATED)
    assert intrusion.ticket != request.ticket
    assert request.ticket.messages.count() == 1
    assert intrusion.ticket.customer.identities.get().value == "mallory@example.net"


def test_a_copied_person_answering_in_the_same_batch_joins_the_ticket_under_cc(settings):
    """The deliveries before a copying email are written at once, so the ticket knows
    whom it copies before the next email of the batch, which is theirs."""
    settings.REALDESK_EMAIL_STRANGER_POLICY = "cc"
    request, answer = receive_together(
        make_email(message_id="<request@example.org>", headers={"Cc": "bob@example.org"}),
        make_email(
            sender="Bob <bob@example.org>",
            subject="Re: Printer on fire",
            headers={"In-Reply-To": "<request@example.org>"},
        ),
    )
    assert answer.outcome == Outcome.REPLY_THREADED
    assert answer.ticket == request.ticket
    assert request.ticket.customer.identities.get().value == "jane@example.org"
