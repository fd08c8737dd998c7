"""The ticket page's history: one line per action, its note once, amounts shown."""

import re
from decimal import Decimal

import pytest

from factories import AgentFactory, TeamFactory
from realdesk.incidents.actions.incidents import incident_open
from realdesk.incidents.actions.links import incident_tickets_link
from realdesk.sla.actions.goodwill import goodwill_grant
from realdesk.sla.models import GoodwillLimit
from realdesk.tickets.actions import ticket_workaround_give
from realdesk.tickets.actions.transfer import ticket_transfer

pytestmark = pytest.mark.django_db


def history(client, ticket) -> str:
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    return re.search(r'<ol class="events">(.*?)</ol>', page, re.S).group(1)


def test_a_transfer_is_one_line_with_its_handoff_note_once(client, agent, lead, ticket):
    shipping = TeamFactory(name="Shipping")
    colleague = AgentFactory(teams=[shipping])
    ticket_transfer(
        ticket=ticket, actor=lead, note="Parcel lost in Lyon", owner=colleague, team=shipping
    )
    client.force_login(lead)
    text = history(client, ticket)
    assert text.count("Parcel lost in Lyon") == 1
    line = next(li for li in text.split("<li>") if "Parcel lost in Lyon" in li)
    assert "Team changed: Support → Shipping" in line
    assert f"Owner changed: nobody → {colleague}" in line


def test_separate_actions_stay_separate_lines(client, agent, ticket):
    client.force_login(agent)
    before = history(client, ticket).count("<li>")
    client.post(f"/agent/tickets/{ticket.number}/do/priority/", {"priority-priority": "high"})
    assert history(client, ticket).count("<li>") == before + 1


def test_goodwill_shows_its_amount(client, agent, ticket):
    GoodwillLimit.objects.create(role=agent.role, currency="EUR", max_amount=50)
    goodwill_grant(ticket=ticket, agent=agent, amount=Decimal("20"), currency="EUR", note="Late")
    client.force_login(agent)
    assert "Goodwill granted: 20.00 EUR" in history(client, ticket)


def test_payload_details_are_read_through_the_typed_events(client, agent, lead, ticket):
    """A workaround's note and an automatic incident link's flag come from each kind's
    typed payload (`note_of`, `event_payload`)."""
    ticket_workaround_give(ticket=ticket, agent=agent, note="Use the web app meanwhile")
    incident = incident_open(actor=lead, title="Sign-in fails", body="Looking into it.")
    incident_tickets_link(actor=None, incident=incident, tickets=[ticket], automatic=True)
    client.force_login(lead)
    text = history(client, ticket)
    line = next(li for li in text.split("<li>") if "Workaround given" in li)
    assert "<q>Use the web app meanwhile</q>" in line
    assert "linked to Sign-in fails (matched its keywords)" in text
