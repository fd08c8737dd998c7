"""The "Cannot reach" view lists exactly the open tickets whose answer nobody would get."""

import pytest

from factories import open_ticket
from realdesk.accounts.actions import customer_identify, customer_identity_add
from realdesk.accounts.choices import IdentityKind
from realdesk.tickets.actions import message_receive, ticket_set_status
from realdesk.tickets.choices import Channel, Status
from realdesk.tickets.inbox import TicketFilters, inbox_counts, inbox_page, inbox_view

pytestmark = pytest.mark.django_db


def _listed(agent) -> list[int]:
    page = inbox_page(actor=agent, view=inbox_view("cannot-reach"), filters=TicketFilters())
    return [ticket.number for ticket in page.tickets]


def test_lists_open_tickets_of_customers_without_an_email_address(agent, team):
    caller = customer_identify(kind=IdentityKind.PHONE, value="+1 415 555 0100")
    unreachable = open_ticket(customer=caller, team=team, channel=Channel.API)
    open_ticket(customer=caller, team=team, channel=Channel.PHONE)  # a call note reaches them
    open_ticket(team=team, channel=Channel.WEB)  # has an email address
    solved = open_ticket(customer=caller, team=team, channel=Channel.SOCIAL)
    ticket_set_status(ticket=solved, status=Status.SOLVED, actor=agent, reason="duplicate")

    assert _listed(agent) == [unreachable.number]
    assert inbox_counts(actor=agent)["cannot-reach"] == 1


def test_follows_where_the_customer_last_was_and_their_addresses(agent, team):
    caller = customer_identify(kind=IdentityKind.PHONE, value="+1 415 555 0100")
    ticket = open_ticket(customer=caller, team=team, channel=Channel.PHONE)
    assert _listed(agent) == []
    message_receive(ticket=ticket, customer=caller, body_text="Via the app", channel="api")
    assert _listed(agent) == [ticket.number]
    customer_identity_add(customer=caller, kind=IdentityKind.EMAIL, value="caller@example.org")
    assert _listed(agent) == []
