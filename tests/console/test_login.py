import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/agent/login/"


def test_home_requires_login(client):
    response = client.get("/agent/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_agent_signs_in_with_email_and_sees_tickets(client, agent, ticket):
    response = client.post(
        LOGIN, {"username": agent.email.upper(), "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:home")
    page = client.get("/agent/")
    assert f"/agent/tickets/{ticket.number}/" in page.text
    assert ticket.subject in page.text


def test_wrong_password_is_refused(client, agent):
    response = client.post(LOGIN, {"username": agent.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email and password" in response.text
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures(client, agent, settings):
    settings.REALDESK_LOGIN_ATTEMPTS = 3
    for _ in range(3):
        client.post(LOGIN, {"username": agent.email, "password": "guess"})
    response = client.post(LOGIN, {"username": agent.email, "password": "correct horse battery"})
    assert "Too many failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, agent):
    client.force_login(agent)
    assert client.get("/agent/logout/").status_code == 405
    assert client.post("/agent/logout/").status_code == 302
    assert client.get("/agent/").status_code == 302


def test_pages_send_security_headers(client):
    response = client.get(LOGIN)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
