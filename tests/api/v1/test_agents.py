"""/agents, /teams, /organizations: read-only directories, paged by id."""

import pytest

from factories import AgentFactory, TeamFactory
from realdesk.accounts.models import Organization

pytestmark = pytest.mark.django_db


def test_me_and_agents(api, agent, lead, team):
    me = api.get("/agents/me").json()
    assert me == {
        "id": agent.pk,
        "name": agent.full_name,
        "email": agent.email,
        "role": "agent",
        "is_active": True,
        "teams": [{"id": team.pk, "name": team.name}],
    }
    assert [a["id"] for a in api.get("/agents").json()["items"]] == [agent.pk, lead.pk]
    assert [a["id"] for a in api.get("/agents", team=team.pk).json()["items"]] == [agent.pk]
    assert api.get(f"/agents/{lead.pk}").json()["role"] == "lead"
    assert api.get("/agents/999999").status_code == 404


def test_teams_with_members(api, agent, team):
    colleague = AgentFactory(teams=[team])
    empty = TeamFactory(name="Empty")
    teams = api.get("/teams").json()["items"]
    assert [t["name"] for t in teams] == ["Support", "Empty"]
    members = api.get(f"/teams/{team.pk}").json()["members"]
    assert {m["id"] for m in members} == {agent.pk, colleague.pk}
    assert api.get(f"/teams/{empty.pk}").json()["members"] == []


def test_organizations_are_paged(api_as, lead):
    api = api_as(lead)  # an agent sees only organisations of their customers (test_customers)
    made = [Organization.objects.create(name=f"Org {n}").pk for n in range(3)]
    first = api.get("/organizations", limit=2).json()
    rest = api.get("/organizations", limit=2, cursor=first["next_cursor"]).json()
    assert [o["id"] for o in first["items"] + rest["items"]] == made
    assert rest["next_cursor"] is None
    assert api.get(f"/organizations/{made[0]}").json()["name"] == "Org 0"
