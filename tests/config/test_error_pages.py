"""No raw Django error page: each area answers a dead end in its own look."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from factories import CustomerFactory
from realdesk.api.actions import token_create
from realdesk.portal.session import SESSION_KEY
from realdesk.portal_access.models import ContactBlock

pytestmark = pytest.mark.django_db


def boom(request) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [
    path("support/boom/", boom),
    path("agent/boom/", boom),
    path("api/v1/boom/", boom),
    path("", include("realdesk.config.urls")),
]
handler500 = "realdesk.config.errors.server_error"


@pytest.fixture
def contact(db):
    return ContactBlock.objects.create(phone="+1 555 0100", email="help@example.com")


@pytest.fixture
def crashing(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_the_root_leads_to_the_support_center(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/support/"


def test_the_root_follows_a_configured_home(client, settings):
    settings.HOME_URL = "https://example.com/help"
    assert client.get("/").status_code == 302


def test_a_favicon_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")


def test_a_missing_support_page_keeps_the_contact_block(client, contact):
    response = client.get("/support/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "+1 555 0100" in response.text
    assert 'href="/support/"' in response.text


def test_a_missing_support_page_speaks_the_readers_language(client, contact):
    client.get("/support/language/de/")
    assert "Seite nicht gefunden" in client.get("/support/no-such-page/").text


def test_someone_elses_request_is_a_styled_not_found(client, contact, ticket):
    session = client.session
    session[SESSION_KEY] = CustomerFactory().pk
    session.save()
    response = client.get(f"/support/requests/{ticket.number}/")
    assert response.status_code == 404
    assert "+1 555 0100" in response.text


def test_a_missing_ticket_in_the_console_offers_the_way_back(client, agent):
    client.force_login(agent)
    response = client.get("/agent/tickets/999999/")
    assert response.status_code == 404
    assert "Back to your views" in response.text
    assert "console.css" in response.text


def test_an_unknown_api_path_answers_in_the_api_error_shape(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_expired_form_says_nothing_was_saved(contact):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/support/requests/new/", {"subject": "x"})
    assert response.status_code == 403
    assert "nothing was saved" in response.text
    assert "+1 555 0100" in response.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/support/boom/", "Something went wrong"),
        ("/agent/boom/", "Something went wrong"),
        ("/api/v1/boom/", '"code": "server_error"'),
    ],
)
def test_a_bug_shows_an_apology_not_a_traceback(crashing, contact, url, expected):
    response = crashing.get(url)
    assert response.status_code == 500
    assert expected in response.text
    assert "Traceback" not in response.text


def test_the_support_centers_500_page_survives_a_broken_database(crashing, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr("realdesk.portal.rendering.contact_block_get", broken)
    response = crashing.get("/support/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text


def test_the_support_centers_own_words_are_translated(client, contact):
    client.get("/support/language/de/")
    assert "Diese Seite haben wir nicht gefunden" in client.get("/support/no-such-page/").text


# Each raises Http404 with an English word for the log ("No such ticket"); the reader sees
# the page's own words in their language, never the exception's.
@pytest.mark.parametrize(
    ("method", "path", "raw"),
    [
        ("get", "/agent/tickets/999999/", "No such ticket"),
        ("post", "/agent/tickets/{number}/do/no-such-action/", "No such action"),
        ("get", "/agent/views/no-such-view/", "No such view"),
        ("post", "/agent/callbacks/999999/outcome/", "No such callback"),
        ("get", "/agent/incidents/999999/", "No such incident"),
        ("get", "/agent/reports/no-such-table.csv", "No such table"),
    ],
)
def test_a_german_agent_never_reads_a_404s_english_words(client, agent, ticket, method, path, raw):
    agent.language = "de"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    response = getattr(client, method)(path.format(number=ticket.number))
    assert response.status_code == 404
    assert "Diese Seite haben wir nicht gefunden." in response.text
    assert raw not in response.text


def test_the_api_answers_a_missing_ticket_in_the_callers_language(client, agent):
    token = token_create(agent=agent, scope="read")[1]
    response = client.get(
        "/api/v1/tickets/999999",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr"},
    )
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("not_found", "Introuvable.")
