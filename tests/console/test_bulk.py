"""Bulk actions from the inbox: every ticket through its own action, refusals reported."""

import pytest
from django.contrib.messages import get_messages

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.incidents.actions import incident_open
from realdesk.tickets import actions
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def bulk(client, action, tickets, **values):
    data = {"action": action, "tickets": [t.number for t in tickets], "next": "/agent/views/team/"}
    response = client.post("/agent/bulk/", {**data, **values})
    assert response.status_code == 302
    assert response["Location"] == "/agent/views/team/"
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_assign_proceeds_for_the_others_and_says_which_was_refused(signed_in, agent, team):
    colleague = AgentFactory(teams=[team])
    free = open_ticket(team=team)
    owned = open_ticket(team=team)
    actions.ticket_assign(ticket=owned, owner=colleague, actor=colleague)
    said = bulk(signed_in, "assign", [free, owned], owner=agent.pk)
    assert Ticket.objects.get(pk=free.pk).owner == agent
    assert Ticket.objects.get(pk=owned.pk).owner == colleague
    assert said[0] == f"Assign to: done on 1 (#{free.number})."
    assert said[1].startswith(f"#{owned.number} was not changed: Ticket #{owned.number} belongs")
    assert Event.objects.filter(kind=EventKind.OWNER_CHANGED, actor=agent).count() == 1


def test_a_ticket_the_agent_cannot_see_is_refused_not_changed(signed_in, team):
    hidden = open_ticket(team=TeamFactory(name="Other"))
    mine = open_ticket(team=team)
    said = bulk(signed_in, "team", [hidden, mine], team="")
    assert Ticket.objects.get(pk=mine.pk).team is None
    assert Ticket.objects.get(pk=hidden.pk).team.name == "Other"
    assert said[1] == f"#{hidden.number} was not changed: There is no such ticket you can see."


def test_status_and_tag(signed_in, team):
    tickets = [open_ticket(team=team), open_ticket(team=team)]
    actions.ticket_set_tags(ticket=tickets[0], tags=["vip"], actor=AgentFactory(role="lead"))
    bulk(signed_in, "status", tickets, status=Status.OPEN)
    bulk(signed_in, "tag", tickets, tag="billing")
    for ticket in Ticket.objects.filter(pk__in=[t.pk for t in tickets]):
        assert ticket.status == Status.OPEN
    assert sorted(tickets[0].tags.values_list("name", flat=True)) == ["billing", "vip"]
    assert list(tickets[1].tags.values_list("name", flat=True)) == ["billing"]


def test_solving_unanswered_tickets_without_reason_is_refused_for_each(signed_in, team):
    ticket = open_ticket(team=team)
    said = bulk(signed_in, "status", [ticket], status=Status.SOLVED)
    assert Ticket.objects.get(pk=ticket.pk).status != Status.SOLVED
    assert said[0].startswith(f"#{ticket.number} was not changed:")


def test_merge_into_the_oldest_selected(signed_in, team):
    oldest, second, third = (open_ticket(team=team) for _ in range(3))
    said = bulk(signed_in, "merge", [third, oldest, second])
    assert Ticket.objects.get(pk=second.pk).merged_into_id == oldest.pk
    assert Ticket.objects.get(pk=third.pk).merged_into_id == oldest.pk
    assert said == [f"Merge into the oldest: done on 2 (#{second.number}, #{third.number})."]


def test_link_to_an_incident(signed_in, lead, team):
    incident = incident_open(actor=lead, title="Sign-in fails", body="Looking into it.")
    tickets = [open_ticket(team=team), open_ticket(team=team)]
    bulk(signed_in, "incident", tickets, incident=incident.pk)
    assert incident.ticket_links.count() == 2


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"action": "status", "tickets": ["1"]}, "Choose a value for this action."),
        ({"action": "status", "status": "open"}, "Select at least one ticket."),
        ({"action": "team", "tickets": ["1; drop"]}, "The selection is not valid"),
        ({"action": "merge", "tickets": ["1"]}, "Select at least two tickets to merge."),
        ({"action": "delete", "tickets": ["1"]}, "Select a valid choice."),
    ],
)
def test_bad_requests_change_nothing_and_say_why(signed_in, team, values, error):
    ticket = open_ticket(team=team)
    response = signed_in.post("/agent/bulk/", values)
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert error in said
    assert Ticket.objects.get(pk=ticket.pk).status == ticket.status


def test_next_must_stay_on_this_site(signed_in, team):
    ticket = open_ticket(team=team)
    response = signed_in.post(
        "/agent/bulk/",
        {"action": "status", "status": "open", "tickets": [ticket.number], "next": "https://x.io/"},
    )
    assert response["Location"] == "/agent/"


def test_read_only_agents_get_no_bulk_bar_and_no_change(client, read_only, team):
    ticket = open_ticket(team=team)
    client.force_login(read_only)
    assert 'id="bulk"' not in client.get("/agent/views/team/").text
    said = bulk(client, "status", [ticket], status=Status.OPEN)
    assert Ticket.objects.get(pk=ticket.pk).status == ticket.status
    assert said[0].startswith(f"#{ticket.number} was not changed:")


def test_inbox_rows_offer_a_checkbox_each_and_the_bar(signed_in, team):
    ticket = open_ticket(team=team, subject="A very long subject " * 10)
    page = signed_in.get("/agent/views/team/").text
    assert f'name="tickets" value="{ticket.number}" form="bulk"' in page
    assert "data-select-all" in page
    assert 'action="/agent/bulk/"' in page
