"""The reply box says where an answer goes before the agent sends it, and the page says
afterwards what happened: sent, sent by email instead, logged as a call note, or nobody."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.comms.models import OutboundEmail
from realdesk.tickets.choices import Channel, Direction
from realdesk.tickets.selectors import ticket_latest_event_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def caller(db):
    return customer_identify(kind=IdentityKind.PHONE, value="+1 415 555 0100", name="Cal")


def _reply(client, ticket, body="Done"):
    seen = ticket_latest_event_id(ticket=ticket)
    fields = {"reply-body": body, "reply-status_after": "pending", "reply-seen_event": seen}
    return client.post(f"/agent/tickets/{ticket.number}/do/reply/", fields, follow=True)


def _route_line(page: str) -> str:
    start = page.index('data-route="')
    return page[start : page.index("</p>", start)]


def test_an_email_ticket_says_the_address(signed_in, team):
    customer = CustomerFactory()
    ticket = open_ticket(customer=customer, team=team)
    line = _route_line(signed_in.get(f"/agent/tickets/{ticket.number}/").text)
    assert f"Sent by email to {customer.identities.get().value}." in line
    assert "Reply sent." in _reply(signed_in, ticket).text


def test_a_web_ticket_says_the_email_fallback_before_sending(signed_in, team):
    customer = CustomerFactory()
    ticket = open_ticket(customer=customer, team=team, channel=Channel.WEB)
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    address = customer.identities.get().value
    assert (
        "They wrote through the web form, which cannot answer them. Sent by email to "
        f"{address} with the link to the ticket." in _route_line(page)
    )
    assert "Reply sent." in _reply(signed_in, ticket).text
    assert OutboundEmail.objects.get(kind="reply").to_address == address


def test_a_phone_ticket_logs_a_call_note_and_never_claims_it_was_sent(signed_in, team, caller):
    ticket = open_ticket(customer=caller, team=team, channel=Channel.PHONE)
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert "Logged as a call note: nothing is sent." in _route_line(page)
    assert ">Log call note</button>" in page

    done = _reply(signed_in, ticket, body="Walked them through the reset.").text
    assert "Call note logged; nothing was sent." in done
    assert "Reply sent." not in done
    note = ticket.messages.get(direction=Direction.OUTBOUND)
    assert (note.channel, note.body_text) == ("phone", "Walked them through the reset.")
    assert not OutboundEmail.objects.exists()


def test_a_customer_nobody_can_reach_is_shown_on_the_ticket_and_in_the_view(
    signed_in, team, caller
):
    ticket = open_ticket(customer=caller, team=team, channel=Channel.WEB)
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert '<p class="notice cannot-reach" role="alert">Cannot reach this customer:' in page
    assert "Cannot reach this customer:" in _route_line(page)
    assert f"/agent/tickets/{ticket.number}/" in signed_in.get("/agent/views/cannot-reach/").text

    done = _reply(signed_in, ticket).text
    assert "Reply saved, but not sent: nobody can reach this customer." in done
    assert "Reply sent." not in done


def test_a_reachable_customer_shows_no_alarm(signed_in, team):
    ticket = open_ticket(team=team, channel=Channel.WEB)
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert "notice cannot-reach" not in page
    assert 'data-route="email"' in page
