"""The incident pages of the console, and linking from the ticket page."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.comms.models import OutboundEmail
from realdesk.incidents.actions import incident_open
from realdesk.incidents.choices import SuggestionState
from realdesk.incidents.models import Component, Incident, IncidentSuggestion
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(lead):
    return incident_open(actor=lead, title="Sign-in fails", body="Looking into it.")


def test_a_lead_opens_an_incident(client, lead):
    Component.objects.create(name="Login")
    client.force_login(lead)
    response = client.post(
        "/agent/incidents/new/",
        {
            "title": "Sign-in fails",
            "title_de": "Anmeldung schlägt fehl",
            "body": "Looking into it.",
            "kind": "incident",
            "impact": "major",
            "components": [Component.objects.get().pk],
            "keywords": "cannot log in",
        },
    )
    incident = Incident.objects.get()
    assert response["Location"] == f"/agent/incidents/{incident.pk}/"
    assert incident.title_translations == {"de": "Anmeldung schlägt fehl"}
    page = client.get(response["Location"]).text
    assert "Incident opened" in page
    assert "Looking into it." in page


@pytest.mark.parametrize(
    ("language", "refusal"),
    [("", "Only leads and admins"), ("de", "Nur Teamleitungen und Administratoren eröffnen")],
)
def test_an_agent_is_refused_in_their_language(client, agent, language, refusal):
    agent.language = language
    agent.save(update_fields=["language"])
    client.force_login(agent)
    response = client.post(
        "/agent/incidents/new/",
        {"title": "Down", "body": "Looking", "kind": "incident", "impact": "minor"},
    )
    assert response.status_code == 400
    assert refusal in response.text
    assert not Incident.objects.exists()


def test_link_post_an_update_and_resolve_solving_the_tickets(client, lead, incident):
    ticket = open_ticket(customer=CustomerFactory())
    client.force_login(lead)
    base = f"/agent/incidents/{incident.pk}/do"
    client.post(f"{base}/link/", {"link-numbers": f"#{ticket.number}"})
    assert ticket.incident_links.exists()

    response = client.post(
        f"{base}/update/",
        {
            "update-status": "identified",
            "update-body": "Found it.",
            "update-notify_customers": "on",
        },
    )
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(ticket=ticket, kind="notice").count() == 1

    response = client.post(
        f"{base}/update/",
        {"update-status": "resolved", "update-body": "Fixed.", "update-solve_message": "Works."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert "the linked tickets are solved" in client.get(response["Location"]).text


def test_solving_needs_a_resolving_update(client, lead, incident):
    client.force_login(lead)
    response = client.post(
        f"/agent/incidents/{incident.pk}/do/update/",
        {"update-status": "monitoring", "update-body": "Fix out.", "update-solve_message": "x"},
    )
    assert response.status_code == 400
    assert "Only a resolving update solves the tickets." in response.text


def test_link_from_the_ticket_page(client, agent, ticket, incident):
    client.force_login(agent)
    assert "Part of an incident" in client.get(f"/agent/tickets/{ticket.number}/").text
    response = client.post(
        f"/agent/tickets/{ticket.number}/do/incident/", {"incident-incident": incident.pk}
    )
    assert response.status_code == 302
    assert ticket.events.filter(kind=EventKind.INCIDENT_LINKED).exists()
    page = client.get(response["Location"]).text
    assert "linked to Sign-in fails" in page
    client.post(f"/agent/incidents/{incident.pk}/unlink/{ticket.number}/")
    assert not ticket.incident_links.exists()


def test_leads_see_the_spike_notice_and_open_an_incident_from_it(client, lead, agent):
    tickets = [open_ticket(subject="Card declined") for _ in range(5)]
    suggestion = IncidentSuggestion.objects.create(
        title="Card declined",
        ticket_ids=[t.pk for t in tickets],
        hourly_baseline=0.2,
        created_at=tickets[0].created_at,
    )
    client.force_login(agent)
    assert "alike tickets in the last hour" not in client.get("/agent/").text
    client.force_login(lead)
    assert "5 alike tickets in the last hour" in client.get("/agent/").text
    form = client.get(f"/agent/incidents/new/?suggestion={suggestion.pk}").text
    assert 'value="Card declined"' in form
    client.post(
        f"/agent/incidents/new/?suggestion={suggestion.pk}",
        {"title": "Card payments fail", "body": "Looking.", "kind": "incident", "impact": "major"},
    )
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.OPENED
    assert suggestion.incident.ticket_links.count() == 5
    assert "alike tickets in the last hour" not in client.get("/agent/").text


def test_dismissing_a_suggestion(client, lead):
    suggestion = IncidentSuggestion.objects.create(
        title="x", ticket_ids=[], hourly_baseline=0, created_at="2026-01-01T00:00Z"
    )
    client.force_login(lead)
    client.post(f"/agent/incidents/suggestions/{suggestion.pk}/dismiss/")
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.DISMISSED


def test_incident_list(client, agent, incident):
    client.force_login(agent)
    page = client.get("/agent/incidents/").text
    assert "Sign-in fails" in page
    assert "Open an incident" not in page  # agents read; leads act
