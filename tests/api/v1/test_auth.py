"""Who may call: tokens by scope, the console's session with CSRF, and nobody else."""

import pytest
from django.test import Client

from realdesk.api.actions import token_create, token_revoke
from realdesk.api.models import ApiToken

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    return response.json()["error"]


def test_no_credentials_is_401_in_the_error_shape(client):
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == "not_authenticated"


def test_revoked_token_is_401(client, agent):
    token, text = token_create(agent=agent, scope="read")
    token_revoke(token=token)
    response = client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {text}"})
    assert response.status_code == 401


def test_token_use_is_recorded(api_as, agent):
    api_as(agent, scope="read").get("/agents/me")
    assert ApiToken.objects.get().last_used_at is not None


def test_read_token_cannot_write(api_as, agent, ticket):
    response = api_as(agent, scope="read").post(
        f"/tickets/{ticket.number}/notes", {"body_text": "x"}
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "insufficient_scope"
    assert ticket.messages.count() == 1


def test_session_reads_and_needs_csrf_to_write(agent, ticket):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    assert browser.get("/api/v1/agents/me").json()["email"] == agent.email
    path = f"/api/v1/tickets/{ticket.number}/notes"
    refused = browser.post(path, {"body_text": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "csrf_failed"
    assert ticket.messages.count() == 1
    browser.get("/api/v1/docs")  # a page with a form token sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        path, {"body_text": "x"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201
    assert ticket.messages.count() == 2


def test_inactive_agent_session_is_401(agent):
    browser = Client()
    browser.force_login(agent)
    agent.is_active = False
    agent.save()
    assert browser.get("/api/v1/agents/me").status_code == 401
