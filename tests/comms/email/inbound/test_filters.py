"""The inbound filters: registered in the order they run, and pure: a filter returns its
decision with the effects to apply and writes nothing; the pipeline's writer applies them."""

import pytest

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound.batch import InboundBatch
from realdesk.comms.email.inbound.filters import check_bounce, inbound_filters
from realdesk.comms.email.inbound.incoming import FailOriginal, FlagAddress, Incoming
from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.record import email_receive, email_record, emails_receive
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event
from support.mail import make_email, permanent_bounce

pytestmark = pytest.mark.django_db


def test_filters_run_in_the_documented_order():
    assert [name for name, _ in inbound_filters.items()] == [
        "check_limits",
        "check_own_mail",
        "check_bounce",
        "check_automatic",
        "check_sender",
        "check_duplicate",
    ]


def test_a_bounce_is_decided_with_its_effects_and_nothing_written():
    ticket = email_receive(data=make_email(), source="test")[0].ticket
    ack = OutboundEmail.objects.get(ticket=ticket)
    data = permanent_bounce(ack.rfc_message_id)
    record, _ = email_record(data=data, source="test")
    parsed = parse_message(data)
    batch = InboundBatch.read([parsed])

    decision = check_bounce(Incoming(record, parsed, batch))

    assert decision.outcome == Outcome.SUPPRESSED
    (flag, failed) = decision.effects
    assert isinstance(flag, FlagAddress)
    assert (flag.address, flag.status_code) == ("jane@example.org", "5.1.1")
    assert isinstance(failed, FailOriginal)
    assert (failed.original, failed.permanent) == (ack, True)
    # deciding wrote nothing: that is the writer's work
    assert not AddressFlag.objects.exists()
    assert not Event.objects.filter(kind=EventKind.DELIVERY_FAILED).exists()


def test_the_writer_applies_a_bounce_and_the_next_email_of_the_batch_sees_it():
    """Jane's address bounced for good earlier in the same batch: her new request opens a
    ticket but is not acknowledged (the flag was written before it was decided)."""
    first = email_receive(data=make_email(), source="test")[0]
    ack = OutboundEmail.objects.get(ticket=first.ticket)
    later = make_email(subject="Another question")
    (bounce, _), (request, _) = emails_receive(
        items=[(permanent_bounce(ack.rfc_message_id), "test"), (later, "test")]
    )
    assert bounce.outcome == Outcome.SUPPRESSED
    assert AddressFlag.objects.filter(address="jane@example.org").exists()
    assert first.ticket.events.filter(kind=EventKind.DELIVERY_FAILED).exists()
    assert request.outcome == Outcome.TICKET_CREATED
    assert not OutboundEmail.objects.filter(ticket=request.ticket).exists()
