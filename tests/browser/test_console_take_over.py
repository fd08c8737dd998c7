"""Taking a ticket from another owner in the console is a transfer: the handoff note is
required and the customer is told, by an email that really leaves through SMTP."""

import email

import pytest
from playwright.sync_api import expect

from comms import conftest as email_fixtures
from factories import AgentFactory
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.email.outbound.outbox import outbound_send
from realdesk.comms.models import OutboundEmail
from realdesk.tickets.actions import ticket_assign
from support.mail import make_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
smtp_server = email_fixtures.smtp_server  # the real SMTP server the email tests use
support_address = email_fixtures.support_address


def test_take_it_from_another_owner_needs_a_note_and_tells_the_customer(
    sign_in, live_server, agent, team, smtp_server
):
    ticket = email_receive(data=make_email(subject="Invoice twice"), source="test")[0].ticket
    ticket.team = team
    ticket.save(update_fields=["team"])
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    ticket_assign(ticket=ticket, owner=colleague, actor=colleague)
    page = sign_in(agent)
    page.goto(f"{live_server.url}/agent/tickets/{ticket.number}/")

    page.click("button:has-text('Take it from Mei Chen')")

    transfer = page.locator("details#transfer")
    expect(transfer).to_have_attribute("open", "")
    expect(transfer.locator("select[name=transfer-owner]")).to_have_value(str(agent.pk))
    note = transfer.locator("textarea[name=transfer-note]")
    page.click("button:has-text('Transfer with this note')")
    assert note.evaluate("field => field.validity.valueMissing")  # the browser asks for it
    ticket.refresh_from_db()
    assert ticket.owner == colleague

    note.fill("Mei is on leave; the customer was charged twice for November.")
    page.click("button:has-text('Transfer with this note')")
    expect(page.locator(".handoff")).to_contain_text("charged twice for November")
    expect(page.locator(".facts")).to_contain_text(f"Owner: {agent.full_name}")
    ticket.refresh_from_db()
    assert ticket.owner == agent

    notice = OutboundEmail.objects.get(ticket=ticket, kind="notice")
    outbound_send(notice.pk)
    _, recipients, data = smtp_server.messages[-1]
    assert recipients == ["jane@example.org"]
    body = email.message_from_bytes(data).get_payload(decode=True).decode()
    assert f"now looked after by {agent.full_name}" in body
