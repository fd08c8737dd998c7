"""/chats and /agents/me/availability: the agent's side of live chat over the API."""

import json

import pytest

from factories import AgentFactory, TeamFactory
from realdesk.chat.actions import availability_set, chat_start
from realdesk.chat.models import AgentAvailability
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(agent):
    availability_set(agent=agent, state="available")
    return agent


def _start(email: str, question: str = "Help?"):
    return chat_start(name="", email=email, question=question).session


def test_waiting_chats_longest_wait_first_and_filtered(api, online):
    first, second = _start("a@example.com"), _start("b@example.com")
    response = api.get("/chats", status="waiting")
    assert response.status_code == 200, response.content
    assert [c["id"] for c in response.json()["items"]] == [first.pk, second.pk]
    assert api.get("/chats", status="active").json()["items"] == []


def test_accept_answer_close(api, online, api_as, team):
    chat = _start("a@example.com")
    accepted = api.post(f"/chats/{chat.pk}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "active"
    assert accepted.json()["agent_id"] == online.pk
    late = api_as(AgentFactory(teams=[team])).post(f"/chats/{chat.pk}/accept")
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "chat_taken"
    sent = api.post(f"/chats/{chat.pk}/messages", {"body_text": "Hello Ana"})
    assert sent.status_code == 201, sent.content
    assert sent.json()["body_text"] == "Hello Ana"
    closed = api.post(f"/chats/{chat.pk}/close")
    assert closed.json()["status"] == "closed"


def test_an_unknown_chat_is_not_found(api):
    assert api.post("/chats/999/accept").status_code == 404


def test_another_teams_chat_is_as_missing_as_an_unknown_one(api, online, api_as, lead):
    """An agent reaches a chat only through a ticket they may see; a lead sees every team."""
    chat = _start("a@example.com")
    Ticket.objects.filter(pk=chat.ticket_id).update(team=TeamFactory(name="Billing"))
    for path in ("accept", "messages", "close"):
        answer = api.post(f"/chats/{chat.pk}/{path}", {"body_text": "Hi"})
        assert answer.status_code == 404, (path, answer.content)
    assert api_as(lead).post(f"/chats/{chat.pk}/accept").status_code == 200


def test_availability_is_set_for_oneself(api, agent):
    response = api.client.put(
        "/api/v1/agents/me/availability",
        json.dumps({"state": "away"}),
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "away"
    assert AgentAvailability.objects.get(agent=agent).state == "away"
    bad = api.client.put(
        "/api/v1/agents/me/availability",
        json.dumps({"state": "busy"}),
        content_type="application/json",
        headers=api.headers,
    )
    assert bad.status_code == 422


def test_transfer_to_another_available_agent_with_a_note(api, online, api_as, team):
    chat = _start("a@example.com")
    api.post(f"/chats/{chat.pk}/accept")
    colleague = AgentFactory(teams=[team])
    away = AgentFactory(teams=[team])
    availability_set(agent=away, state="away")
    refused = api.post(f"/chats/{chat.pk}/transfer", {"agent_id": away.pk, "note": "Refund"})
    assert refused.json()["error"]["code"] == "agent_unavailable"
    availability_set(agent=colleague, state="available")
    no_note = api.post(f"/chats/{chat.pk}/transfer", {"agent_id": colleague.pk, "note": " "})
    assert no_note.json()["error"]["code"] == "note_required"
    nobody = api.post(f"/chats/{chat.pk}/transfer", {"agent_id": 9999, "note": "Refund"})
    assert nobody.status_code == 422
    moved = api.post(f"/chats/{chat.pk}/transfer", {"agent_id": colleague.pk, "note": "Refund"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["agent_id"] == colleague.pk
    chat.refresh_from_db()
    assert chat.ticket.owner == colleague
    assert api.post(f"/chats/{chat.pk}/messages", {"body_text": "Still me"}).status_code == 400
    answered = api_as(colleague).post(f"/chats/{chat.pk}/messages", {"body_text": "Hi, Bo here"})
    assert answered.status_code == 201
