import pytest

from factories import CustomerFactory, open_ticket
from realdesk.comms.models import OutboundEmail
from realdesk.incidents.models import Component, Incident
from realdesk.tickets.choices import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(db):
    return Component.objects.create(name="Payments")


def _open(api, component, **extra):
    body = {
        "title": "Card payments fail",
        "body": "We are looking into it.",
        "impact": "major",
        "component_ids": [component.pk],
        "keywords": "card declined",
        "title_translations": {"de": "Kartenzahlungen schlagen fehl"},
        **extra,
    }
    return api.post("/incidents", body)


def test_a_lead_opens_updates_and_lists_incidents(api_as, lead, component):
    api = api_as(lead)
    response = _open(api, component)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "investigating"
    assert created["components"] == [{"id": component.pk, "name": "Payments"}]
    assert created["title_translations"] == {"de": "Kartenzahlungen schlagen fehl"}

    response = api.post(
        f"/incidents/{created['id']}/updates", {"status": "identified", "body": "Found it."}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "identified"

    page = api.get("/incidents", state="open").json()
    assert [item["id"] for item in page["items"]] == [created["id"]]
    assert [u["body"] for u in page["items"][0]["updates"]] == [
        "Found it.",
        "We are looking into it.",
    ]
    assert api.get("/incidents", state="resolved").json()["items"] == []


def test_agents_read_but_cannot_open(api, component):
    response = _open(api, component)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_read_tokens_cannot_write(api_as, lead, component):
    assert _open(api_as(lead, scope="read"), component).status_code == 403


def test_bad_input_is_one_error_shape(api_as, lead, component):
    api = api_as(lead)
    response = _open(api, component, impact="apocalyptic")
    assert response.status_code == 422
    assert "impact" in response.json()["error"]["fields"]
    response = _open(api, component, component_ids=[component.pk, 999])
    assert response.json()["error"]["fields"] == {
        "component_ids": "One of these components does not exist."
    }
    assert not Incident.objects.exists()
    assert api.get("/incidents/999").status_code == 404


def test_link_unlink_and_resolve_with_solve(api_as, lead, agent, team, component):
    api = api_as(lead)
    incident_id = _open(api, component).json()["id"]
    ticket = open_ticket(customer=CustomerFactory(), team=team)

    response = api_as(agent).post(
        f"/incidents/{incident_id}/tickets", {"ticket_numbers": [ticket.number]}
    )
    assert response.status_code == 200
    assert [t["number"] for t in response.json()] == [ticket.number]
    response = api.post(f"/incidents/{incident_id}/tickets", {"ticket_numbers": [424242]})
    assert response.status_code == 422

    response = api.client.delete(
        f"/api/v1/incidents/{incident_id}/tickets/{ticket.number}", headers=api.headers
    )
    assert response.status_code == 204
    assert api.get(f"/incidents/{incident_id}/tickets").json() == []

    api.post(f"/incidents/{incident_id}/tickets", {"ticket_numbers": [ticket.number]})
    response = api.post(
        f"/incidents/{incident_id}/updates",
        {"status": "monitoring", "body": "Fix out.", "solve_message": "Works again."},
    )
    assert response.json()["error"]["fields"] == {
        "solve_message": "Only a resolving update can solve the tickets."
    }
    response = api.post(
        f"/incidents/{incident_id}/updates",
        {"status": "resolved", "body": "Fixed.", "solve_message": "Works again."},
    )
    assert response.status_code == 201
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert OutboundEmail.objects.filter(ticket=ticket, kind="reply").count() == 1
