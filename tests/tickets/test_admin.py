"""The admin shows tickets as they are, with whom the customer copied; it changes nothing."""

import pytest

from factories import AgentFactory
from realdesk.accounts.choices import Role
from realdesk.tickets.actions import ticket_cc_add

pytestmark = pytest.mark.django_db


def test_a_ticket_shows_the_people_its_customer_copied(client, ticket, customer):
    ticket_cc_add(ticket=ticket, addresses=["bob@example.org"], actor_customer=customer)
    client.force_login(AgentFactory(role=Role.ADMIN))
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")
    assert page.status_code == 200
    assert "bob@example.org" in page.content.decode()
    assert "ccs-0-DELETE" not in page.content.decode()  # nobody removes them here
