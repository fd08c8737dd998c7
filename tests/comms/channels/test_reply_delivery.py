"""An agent's answer reaches the customer through their channel, against a real SMTP server."""

import email
from email import policy

import pytest
from django.conf import settings

from factories import open_ticket
from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbound.outbox import outbox_send_due
from realdesk.comms.models import OutboundEmail
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import Channel, EventKind
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

WEB_REQUEST = {
    "name": "Ann Example",
    "email": "ann@example.org",
    "subject": "Charged twice",
    "description": "Two charges of 49 on my card.",
    "language": "en",
}


def _body(raw: bytes) -> str:
    return email.message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()


def test_a_web_form_customer_gets_the_answer_by_email_with_the_ticket_link(
    client, smtp_server, agent, team
):
    client.post("/support/requests/new/", WEB_REQUEST)
    ticket = Ticket.objects.get()
    ticket.team = team
    ticket.save(update_fields=["team"])

    message_send(ticket=ticket, agent=agent, body_text="We refunded one of the charges.")
    outbox_send_due()

    (reply,) = [m for m in smtp_server.messages if b"refunded" in m[2]]
    assert reply[1] == ["ann@example.org"]
    body = _body(reply[2])
    assert body.startswith("We refunded one of the charges.")
    link = f"{settings.BASE_URL}/support/requests/{ticket.number}/"
    assert body.rstrip().endswith(
        f"Read and answer this conversation on your request's page: {link}"
    )
    outbound = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert outbound.message.channel == Channel.WEB  # answered where they were, delivered by mail


def test_the_link_is_written_in_the_customers_language(smtp_server, agent, team):
    customer = customer_identify(kind=IdentityKind.EMAIL, value="jan@example.de", language="de")
    ticket = open_ticket(customer=customer, team=team, channel=Channel.WEB, language="de")
    message_send(ticket=ticket, agent=agent, body_text="Erledigt.")
    reply = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert "Lesen und beantworten Sie diese Unterhaltung auf der Seite Ihrer Anfrage" in (
        reply.body_text
    )


def test_an_email_answer_carries_no_link(smtp_server, agent, team):
    ticket = open_ticket(team=team)
    message_send(ticket=ticket, agent=agent, body_text="Done.")
    assert OutboundEmail.objects.get(kind=OutboundKind.REPLY).body_text == "Done."


def test_a_call_note_sends_nothing(smtp_server, agent, team):
    caller = customer_identify(kind=IdentityKind.PHONE, value="+1 415 555 0100")
    ticket = open_ticket(customer=caller, team=team, channel=Channel.PHONE)
    message_send(ticket=ticket, agent=agent, body_text="Talked them through the reset.")
    outbox_send_due()
    assert not OutboundEmail.objects.exists()
    assert smtp_server.messages == []
    assert not ticket.events.filter(kind=EventKind.DELIVERY_FAILED).exists()


def test_an_answer_nobody_can_receive_is_a_visible_delivery_failure(agent, team):
    caller = customer_identify(kind=IdentityKind.PHONE, value="+1 415 555 0100")
    ticket = open_ticket(customer=caller, team=team, channel=Channel.WEB)
    message = message_send(ticket=ticket, agent=agent, body_text="Anyone there?")
    assert not OutboundEmail.objects.exists()
    failure = ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert failure.data == {"message": message.pk, "error": "the customer has no email address"}
