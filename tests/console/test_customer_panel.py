"""The customer panel shows what the agent may see of the customer, not what other teams
promised, missed or were rated on their own tickets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, IdentityFactory, TeamFactory, open_ticket
from realdesk.sla.actions.promises import promise_make
from realdesk.surveys.actions import rating_ask, rating_record
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import EventKind
from realdesk.tickets.events import SlaChanged, record_events, sla_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipping_ticket(customer):
    """The same customer's ticket in Shipping, let down three ways: a promise still open,
    a missed service level and a bad rating."""
    shipping = TeamFactory(name="Shipping")
    shipper = AgentFactory(teams=[shipping])
    rated = open_ticket(customer=customer, team=shipping, subject="Damaged parcel")
    message_send(ticket=rated, agent=shipper, body_text="Sent again.", status_after="solved")
    solved = rated.events.get(kind=EventKind.STATUS_CHANGED, after="solved")
    rating_record(rating=rating_ask(solve_event=solved), score="bad")
    ticket = open_ticket(customer=customer, team=shipping, subject="Lost parcel")
    due = timezone.now() + timedelta(days=2)
    promise_make(ticket=ticket, agent=shipper, due_at=due, what="refund of 4321 EUR via wire")
    record_events([sla_changed(ticket=ticket, payload=SlaChanged(), after="breached")])
    return ticket


def panel(client, user, ticket) -> str:
    client.force_login(user)
    page = client.get(f"/agent/tickets/{ticket.number}/")
    assert page.status_code == 200
    return page.text


def test_another_teams_promises_letdowns_and_ratings_stay_out(
    client, agent, ticket, shipping_ticket
):
    """The probe's finding: on a ticket of their own team, the agent read Shipping's open
    promise text and "let down recently" with Shipping's ticket numbers."""
    page = panel(client, agent, ticket)
    assert "4321 EUR" not in page
    assert "Open promises" not in page
    assert "Let down recently" not in page
    assert f"#{shipping_ticket.number}" not in page
    assert "Rated us" not in page


def test_a_lead_sees_them_all(client, lead, ticket, shipping_ticket):
    page = panel(client, lead, ticket)
    assert f"#{shipping_ticket.number}</a> refund of 4321 EUR via wire" in page
    assert (
        f'we missed a service level on <a href="/agent/tickets/{shipping_ticket.number}/">' in page
    )
    assert "Rated us <strong>0 good</strong>, <strong>1 bad</strong>" in page


def test_an_address_staff_added_is_marked_unconfirmed(client, agent, ticket, customer):
    IdentityFactory(customer=customer, value="added@example.org", verified_at=None)
    page = panel(client, agent, ticket)
    assert "added@example.org <span" in page
    assert page.count(">unconfirmed</span>") == 1
