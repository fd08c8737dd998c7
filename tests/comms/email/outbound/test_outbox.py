"""The outbox against a real SMTP server on 127.0.0.1: sent once, headers right, retries."""

import email
from datetime import timedelta
from email import policy

import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from realdesk.comms.choices import OutboundStatus
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.email.outbound.outbox import (
    outbound_send,
    outbox_release_stale,
    outbox_send_due,
)
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.tickets.actions import message_send, note_add
from realdesk.tickets.choices import EventKind
from support.mail import free_port, make_email

pytestmark = pytest.mark.django_db


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def test_reply_is_queued_with_the_reply_and_sent_once_with_thread_headers(
    smtp_server, email_ticket, agent
):
    customer_message_id = email_ticket.messages.get().external_id
    message_send(ticket=email_ticket, agent=agent, body_text="Unplug it, please.")
    reply = OutboundEmail.objects.get(kind="reply")
    assert reply.status == OutboundStatus.QUEUED

    assert outbound_send(reply.pk) == OutboundStatus.SENT
    assert outbound_send(reply.pk) is None  # already sent: never twice
    sent = [m for m in smtp_server.messages if b"Unplug it" in m[2]]
    assert len(sent) == 1
    _sender, recipients, raw = sent[0]
    assert recipients == ["jane@example.org"]
    headers = parsed(raw)
    assert headers["Message-ID"] == f"<{reply.rfc_message_id}>"
    assert headers["In-Reply-To"] == f"<{customer_message_id}>"
    assert f"<{customer_message_id}>" in headers["References"]
    assert headers["Reply-To"] == f"support+t{email_ticket.number}@help.example.com"
    assert headers["Subject"] == f"Re: [#{email_ticket.number}] Printer on fire"
    assert headers["Auto-Submitted"] is None
    reply.refresh_from_db()
    assert reply.sent_at is not None


def test_acknowledgement_is_marked_automatic(smtp_server, email_ticket):
    ack = OutboundEmail.objects.get(kind="ack")
    assert outbound_send(ack.pk) == OutboundStatus.SENT
    headers = parsed(smtp_server.messages[0][2])
    assert headers["Auto-Submitted"] == "auto-replied"
    assert f"#{email_ticket.number}" in headers["Subject"]


def test_note_sends_nothing(smtp_server, email_ticket, agent):
    note_add(ticket=email_ticket, agent=agent, body_text="internal")
    assert not OutboundEmail.objects.filter(kind="reply").exists()


def test_relay_down_retries_with_backoff_then_fails_visibly(settings, email_ticket):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    settings.REALDESK_EMAIL_SEND_ATTEMPTS = 2
    ack = OutboundEmail.objects.get(kind="ack")

    assert outbound_send(ack.pk) == OutboundStatus.QUEUED
    ack.refresh_from_db()
    assert (ack.attempts, ack.status) == (1, OutboundStatus.QUEUED)
    assert ack.next_attempt_at > ack.created_at
    assert "ConnectionRefused" in ack.last_error
    assert outbound_send(ack.pk) is None  # not due yet

    OutboundEmail.objects.filter(pk=ack.pk).update(next_attempt_at=ack.created_at)
    assert outbound_send(ack.pk) == OutboundStatus.FAILED
    event = email_ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert event.data["to"] == "jane@example.org"


def test_flagged_address_is_not_mailed(smtp_server, email_ticket):
    AddressFlag.objects.create(
        address="jane@example.org", reason="550 user unknown", flagged_at=email_ticket.created_at
    )
    ack = OutboundEmail.objects.get(kind="ack")
    assert outbound_send(ack.pk) == OutboundStatus.SUPPRESSED
    assert smtp_server.messages == []
    assert email_ticket.events.filter(kind=EventKind.DELIVERY_FAILED).exists()


def test_periodic_sweep_sends_what_is_due(smtp_server, email_ticket, agent):
    message_send(ticket=email_ticket, agent=agent, body_text="Second mail")
    assert outbox_send_due() == 2
    assert len(smtp_server.messages) == 2
    assert outbox_send_due() == 0


def test_thread_headers_follow_the_conversation(email_ticket, agent):
    """In-Reply-To is the customer's latest email; References run oldest first."""
    first = email_ticket.messages.get().external_id
    ack = OutboundEmail.objects.get(kind="ack").rfc_message_id
    message_send(ticket=email_ticket, agent=agent, body_text="Unplug it, please.")
    reply = OutboundEmail.objects.get(kind="reply").rfc_message_id
    email_receive(
        data=make_email(subject="Re: Printer on fire", message_id="<later@example.org>"),
        source="test",
    )
    message_send(ticket=email_ticket, agent=agent, body_text="Done?")
    second = OutboundEmail.objects.filter(kind="reply").latest("pk")
    assert second.in_reply_to == "later@example.org"
    assert second.references.split() == [first, ack, reply, "later@example.org"]


def test_reply_copies_the_ticket_ccs_but_not_the_acknowledgement(smtp_server, agent, team):
    ticket = email_receive(
        data=make_email(headers={"Cc": "bob@example.org, carol@example.org"}), source="test"
    )[0].ticket
    ticket.team = team
    ticket.save(update_fields=["team"])
    message_send(ticket=ticket, agent=agent, body_text="Unplug it, please.")
    # Carol's address bounced for good after the reply was queued: she is left out.
    AddressFlag.objects.create(
        address="carol@example.org", reason="550 gone", flagged_at=ticket.created_at
    )
    assert outbox_send_due() == 2
    by_kind = {
        parsed(raw)["Auto-Submitted"]: (recipients, parsed(raw))
        for _, recipients, raw in smtp_server.messages
    }
    recipients, reply = by_kind[None]
    assert recipients == ["jane@example.org", "bob@example.org"]
    assert reply["To"] == "jane@example.org"
    assert reply["Cc"] == "bob@example.org"
    ack_recipients, ack = by_kind["auto-replied"]
    assert ack_recipients == ["jane@example.org"]
    assert ack["Cc"] is None


def crash_while_sending(outbound: OutboundEmail, monkeypatch) -> None:
    """The worker claimed the email, then died before it could record the outcome."""

    def die(self, fail_silently=False):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", die)
        with pytest.raises(SystemExit):
            outbound_send(outbound.pk)
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.SENDING


def test_an_email_whose_sender_died_is_sent_again_after_its_lease(
    smtp_server, email_ticket, monkeypatch
):
    ack = OutboundEmail.objects.get(kind="ack")
    crash_while_sending(ack, monkeypatch)
    assert outbox_send_due() == 0  # another worker may still be sending it: hands off
    assert smtp_server.messages == []
    OutboundEmail.objects.filter(pk=ack.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)  # the lease ran out
    )
    assert outbox_release_stale() == 1
    assert outbox_release_stale() == 0  # taken over once
    ack.refresh_from_db()
    assert ack.status == OutboundStatus.QUEUED  # a failed attempt: retried after its backoff
    assert ack.last_error == "the sender stopped while sending (attempt 1)"
    OutboundEmail.objects.filter(pk=ack.pk).update(next_attempt_at=timezone.now())
    assert outbox_send_due() == 1
    assert outbox_send_due() == 0
    ((_sender, _recipients, raw),) = smtp_server.messages
    ack.refresh_from_db()
    assert (ack.status, ack.attempts) == (OutboundStatus.SENT, 2)
    assert parsed(raw)["Message-ID"] == f"<{ack.rfc_message_id}>"  # the same email again


def test_a_sender_dying_on_the_last_attempt_fails_visibly(
    settings, smtp_server, email_ticket, monkeypatch
):
    settings.REALDESK_EMAIL_SEND_ATTEMPTS = 1
    ack = OutboundEmail.objects.get(kind="ack")
    crash_while_sending(ack, monkeypatch)
    OutboundEmail.objects.filter(pk=ack.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert outbox_send_due() == 0
    ack.refresh_from_db()
    assert ack.status == OutboundStatus.FAILED
    assert smtp_server.messages == []
    event = email_ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert "stopped while sending" in event.data["error"]
