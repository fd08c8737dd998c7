"""Ticket properties changed in place (htmx): saved on change, the page back at once with
an Undo that puts the previous value back through the same action."""

import re

import pytest

from factories import AgentFactory, TeamFactory
from realdesk.tickets.actions import ticket_assign
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def change(client, ticket, action, value, **extra):
    return client.post(
        f"/agent/tickets/{ticket.number}/do/{action}/",
        {f"{action}-{action}": value, **extra},
        **HTMX,
    )


def undo_form(page: str) -> dict[str, str]:
    form = page.split("data-undo", 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken")
    return fields


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def test_a_change_answers_with_the_page_and_an_undo_of_the_previous_value(signed_in, ticket):
    response = change(signed_in, ticket, "priority", "high")
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    assert undo_form(response.text) == {"priority-priority": "normal", "undo": "1"}
    assert 'id="work"' in response.text
    assert 'id="history"' in response.text


def test_undo_is_a_change_back_in_the_history_and_offers_no_undo(signed_in, ticket):
    change(signed_in, ticket, "priority", "urgent")
    undone = change(signed_in, ticket, "priority", "normal", undo="1")
    assert "data-undo" not in undone.text
    ticket.refresh_from_db()
    assert ticket.priority == "normal"
    changes = Event.objects.filter(ticket=ticket, kind=EventKind.PRIORITY_CHANGED)
    assert [(e.before, e.after) for e in changes.order_by("pk")] == [
        ("normal", "urgent"),
        ("urgent", "normal"),
    ]


@pytest.mark.parametrize(
    ("action", "value", "previous", "now"),
    [
        ("status", "pending", "open", lambda t: t.status),
        ("tags", "vip, refund", "", lambda t: list(t.tags.all())),
        ("owner", "me", "", lambda t: t.owner),
    ],
)
def test_each_property_offers_its_undo(signed_in, agent, ticket, action, value, previous, now):
    change(signed_in, ticket, "status", "open")
    ticket.refresh_from_db()
    before = now(ticket)
    response = change(signed_in, ticket, action, agent.pk if value == "me" else value)
    assert response.status_code == 200
    assert undo_form(response.text)[f"{action}-{action}"] == previous
    assert change(signed_in, ticket, action, previous, undo="1").status_code == 200
    ticket.refresh_from_db()
    assert now(ticket) == before


def test_no_undo_where_the_life_cycle_cannot_go_back(signed_in, ticket):
    response = change(signed_in, ticket, "status", "open")  # a ticket is never new again
    assert response.status_code == 200
    assert "data-undo" not in response.text


def test_team_change_and_its_undo(signed_in, agent, ticket, team):
    billing = TeamFactory(name="Billing")
    agent.teams.add(billing)
    response = change(signed_in, ticket, "team", billing.pk)
    assert undo_form(response.text)["team-team"] == str(team.pk)
    change(signed_in, ticket, "team", team.pk, undo="1")
    ticket.refresh_from_db()
    assert ticket.team == team


def test_another_owners_ticket_asks_for_the_handoff_note(signed_in, agent, team, ticket):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    ticket_assign(ticket=ticket, owner=colleague, actor=colleague)
    response = change(signed_in, ticket, "owner", agent.pk)
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.owner == colleague
    page = response.text
    assert '<details id="transfer" open>' in page
    assert "a transfer needs a handoff note" in page
    chosen = page.split('name="transfer-owner"', 1)[1].split("</select>", 1)[0]
    assert f'value="{agent.pk}" selected' in chosen
    assert "data-undo" not in page


def test_a_refused_change_is_shown_in_place_and_changes_nothing(signed_in, ticket):
    response = change(signed_in, ticket, "status", "solved", **{"status-reason": ""})
    assert response.status_code == 400
    assert "Nobody has answered this customer yet" in response.text
    assert "data-undo" not in response.text
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_without_htmx_a_change_still_redirects(signed_in, ticket):
    response = signed_in.post(
        f"/agent/tickets/{ticket.number}/do/priority/", {"priority-priority": "low"}
    )
    assert response.status_code == 302
