"""The inbound pipeline: every email ends in exactly one outcome, nothing is lost or doubled."""

import pytest

from realdesk.accounts.models import Customer
from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.inbound.bulk import inbound_reprocess_quarantine
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.models import AddressFlag, InboundEmail, OutboundEmail
from realdesk.core.models import RawMessage
from realdesk.core.raw import raw_read
from realdesk.tickets.actions import message_send, ticket_merge
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Event, Message, Ticket
from support.mail import make_email, permanent_bounce

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def receive(data: bytes) -> InboundEmail:
    return email_receive(data=data, source="test")[0]


def test_new_email_opens_ticket_and_queues_acknowledgement():
    inbound = receive(make_email())
    assert inbound.outcome == Outcome.TICKET_CREATED
    ticket = inbound.ticket
    assert ticket.channel == "email"
    assert ticket.subject == "Printer on fire"
    assert ticket.customer.name == "Jane Roe"
    assert ticket.customer.identities.get().value == "jane@example.org"
    message = ticket.messages.get()
    assert message.raw == inbound.raw
    assert message.external_id == inbound.rfc_message_id
    ack = OutboundEmail.objects.get(ticket=ticket)
    assert ack.kind == "ack"
    assert ack.to_address == "jane@example.org"
    assert f"#{ticket.number}" in ack.subject
    assert f"ticket #{ticket.number}" in ack.body_text
    assert "You will hear from a person " in ack.body_text
    assert "few days" not in ack.body_text


def test_raw_bytes_are_kept_exactly():
    data = make_email(body="Exact bytes matter.")
    inbound = receive(data)
    assert raw_read(inbound.raw) == data


def test_replay_of_same_bytes_creates_nothing_twice():
    data = make_email()
    first, processed = email_receive(data=data, source="test")
    again, processed_again = email_receive(data=data, source="test")
    assert (processed, processed_again) == (True, False)
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1
    assert RawMessage.objects.count() == 1


def test_same_message_id_with_other_bytes_is_a_duplicate():
    receive(make_email(message_id="<same@example.org>", headers={"X-Copy": "1"}))
    second = receive(make_email(message_id="<same@example.org>", headers={"X-Copy": "2"}))
    assert second.outcome == Outcome.DUPLICATE
    assert Message.objects.count() == 1


def test_reply_threads_by_our_message_id_and_keeps_only_the_new_text(agent, team):
    inbound = receive(make_email())
    ticket = inbound.ticket
    Ticket.objects.filter(pk=ticket.pk).update(team=team)
    message_send(ticket=ticket, agent=agent, body_text="Unplug it, please.")
    ours = OutboundEmail.objects.get(kind="reply")
    reply = make_email(
        subject="Re: something else entirely",
        body="It worked, thanks!\n\nOn Mon, Jan 5, 2026 at 9:00 AM Support wrote:\n> Unplug it",
        headers={"In-Reply-To": f"<{ours.rfc_message_id}>"},
    )
    threaded = receive(reply)
    assert threaded.outcome == Outcome.REPLY_THREADED
    assert threaded.ticket == ticket
    assert threaded.message.body_text == "It worked, thanks!"
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_reply_threads_by_plus_address_and_subject_token():
    ticket = receive(make_email()).ticket
    by_plus = receive(make_email(subject="hi", to=f"support+t{ticket.number}@help.example.com"))
    by_token = receive(make_email(subject=f"Re: [#{ticket.number}] Printer"))
    assert by_plus.ticket == ticket
    assert by_token.ticket == ticket
    assert ticket.messages.count() == 3


def test_a_reply_to_a_merged_ticket_joins_the_one_it_was_merged_into(agent, team):
    first = receive(make_email(subject="Printer on fire")).ticket
    second = receive(make_email(subject="Smoke everywhere")).ticket
    Ticket.objects.filter(pk__in=[first.pk, second.pk]).update(team=team)
    ticket_merge(source=first, target=second, actor=agent)
    acks = OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT)
    before = acks.count()
    reply = receive(make_email(subject=f"Re: [#{first.number}] Printer on fire"))
    assert (reply.outcome, reply.ticket) == (Outcome.REPLY_THREADED, second)
    assert acks.count() == before


def test_a_reply_to_a_closed_ticket_opens_a_follow_up_and_acknowledges_it():
    ticket = receive(make_email()).ticket
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)
    reply = receive(make_email(subject=f"Re: [#{ticket.number}] Printer on fire"))
    assert reply.outcome == Outcome.TICKET_CREATED
    assert reply.ticket.follow_up_of == ticket
    assert OutboundEmail.objects.filter(
        kind=OutboundKind.ACKNOWLEDGEMENT, ticket=reply.ticket
    ).exists()


def test_same_subject_soon_after_is_the_same_issue():
    ticket = receive(make_email(subject="Invoice wrong")).ticket
    again = receive(make_email(subject="RE: Invoice wrong"))
    assert again.outcome == Outcome.REPLY_THREADED
    assert again.ticket == ticket


def test_stranger_with_a_token_gets_a_ticket_of_his_own():
    ticket = receive(make_email()).ticket
    stranger = receive(
        make_email(sender="mallory@evil.example", subject=f"Re: [#{ticket.number}] Printer")
    )
    assert stranger.outcome == Outcome.TICKET_CREATED
    assert stranger.ticket != ticket
    assert ticket.messages.count() == 1
    assert Customer.objects.count() == 2


@pytest.mark.parametrize(
    ("headers", "sender", "reason_part"),
    [
        ({"Auto-Submitted": "auto-replied"}, "jane@example.org", "auto"),
        ({"X-Autoreply": "yes"}, "jane@example.org", "auto"),
        ({"Precedence": "bulk"}, "jane@example.org", "bulk"),
        ({"List-Id": "<news.example.org>"}, "jane@example.org", "list"),
        ({}, "MAILER-DAEMON@mx.example.org", ""),
        ({}, "support@help.example.com", "own"),
    ],
)
def test_automatic_mail_is_suppressed_with_reason(headers, sender, reason_part):
    inbound = receive(make_email(sender=sender, headers=headers))
    assert inbound.outcome == Outcome.SUPPRESSED
    assert reason_part in inbound.reason.lower()
    assert Ticket.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_permanent_bounce_flags_address_and_shows_on_ticket(agent):
    ticket = receive(make_email()).ticket
    ack = OutboundEmail.objects.get(ticket=ticket)
    inbound = receive(permanent_bounce(ack.rfc_message_id))
    assert inbound.outcome == Outcome.SUPPRESSED
    assert "bounce" in inbound.reason
    assert AddressFlag.objects.filter(address="jane@example.org").exists()
    assert ticket.events.filter(kind=EventKind.DELIVERY_FAILED).exists()
    assert Ticket.objects.count() == 1


def test_no_valid_sender_is_rejected_and_kept():
    inbound = receive(make_email(sender="a@evil@victim.example"))
    assert inbound.outcome == Outcome.REJECTED
    assert "sender" in inbound.reason
    assert Customer.objects.count() == 0
    assert raw_read(inbound.raw)


def test_too_large_is_quarantined_then_reprocessed_after_a_fix(settings):
    settings.REALDESK_EMAIL_MAX_BYTES = 200
    inbound = receive(make_email(body="x" * 1000))
    assert inbound.outcome == Outcome.QUARANTINED
    assert "larger than" in inbound.reason
    settings.REALDESK_EMAIL_MAX_BYTES = 10_000_000
    (again,) = inbound_reprocess_quarantine()
    assert again.outcome == Outcome.TICKET_CREATED


def test_processing_failure_quarantines_and_loses_nothing(monkeypatch, filters_instead):
    def broken(email):
        raise RuntimeError("bug in a filter")

    filters_instead([("broken", broken)])
    inbound = receive(make_email())
    assert inbound.outcome == Outcome.QUARANTINED
    assert "bug in a filter" in inbound.reason
    assert Ticket.objects.count() == 0
    assert Event.objects.count() == 0
    monkeypatch.undo()
    (again,) = inbound_reprocess_quarantine()
    assert again.outcome == Outcome.TICKET_CREATED


def test_acknowledgements_are_capped_per_address(settings):
    settings.REALDESK_EMAIL_ACK_PER_ADDRESS = 3
    for n in range(5):
        receive(make_email(subject=f"Question number {n}"))
    assert Ticket.objects.count() == 5
    assert OutboundEmail.objects.filter(kind="ack").count() == 3


def test_attachments_stored_with_sniffed_type():
    data = make_email(attachments=[("photo.txt", PNG, "text/html")])
    message = receive(data).message
    attachment = message.attachments.get()
    assert attachment.filename == "photo.txt"
    assert attachment.content_type == "image/png"
    assert attachment.size == len(PNG)


def test_no_header_injection_from_subject_or_name_into_replies(agent, team, settings):
    # RFC 2047 encoded words that decode to CR LF: the classic way to smuggle a header.
    smuggled = b"=?utf-8?q?Eve=0D=0ABcc=3A_victim=40example=2Enet?="
    headers = (
        b"To: support@help.example.com\r\n"
        b"Subject: =?utf-8?q?Help=0D=0ABcc=3A_victim=40example=2Enet?=\r\n"
    )
    bad_name = receive(
        b"From: " + smuggled + b" <eve@example.org>\r\n" + headers + b"\r\nPlease help.\r\n"
    )
    assert bad_name.outcome == Outcome.REJECTED
    data = b"From: Eve <eve@example.org>\r\n" + headers + b"\r\nPlease help.\r\n"
    ticket = receive(data).ticket
    Ticket.objects.filter(pk=ticket.pk).update(team=team)
    message_send(ticket=ticket, agent=agent, body_text="Hello")
    for outbound in OutboundEmail.objects.filter(ticket=ticket):
        assert "\r" not in outbound.subject
        assert "\n" not in outbound.subject
        assert "victim" not in outbound.to_address
    from realdesk.comms.email.outbound.outbox import _as_email

    rendered = _as_email(OutboundEmail.objects.get(kind="reply")).message().as_bytes()
    headers = rendered.split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers
