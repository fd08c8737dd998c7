"""The support center in German: a German browser gets German words on every page a
customer needs to find an answer or to ask and follow a request to its rating; the
English stays English, and the switcher changes the whole page."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.comms.choices import OutboundKind
from realdesk.comms.models import OutboundEmail
from realdesk.portal_access.models import SignInToken
from realdesk.portal_access.tasks import signin_link_issue, signin_link_send
from realdesk.surveys.actions import rating_ask, rating_value
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket
from support.mail import sent_mail
from support.queue import run_queued

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}

# Each page with words of its own (headings, buttons, labels) in both languages.
PAGES = {
    "/support/": (
        ["Wie können wir helfen?", "Stellen Sie eine Frage", ">Suchen<", "Rechnungen und Tarife"],
        ["How can we help?", "Ask a question", ">Search<", "Billing and plans"],
    ),
    "/support/requests/new/": (
        ["Senden Sie uns eine Anfrage", ">Betreff:<", "Dateien (optional)", "Anfrage senden"],
        ["Send us a request", ">Subject:<", "Files (optional)", "Send request"],
    ),
    "/support/sign-in/": (
        ["Melden Sie sich an, um Ihre Anfragen zu sehen", "Anmeldelink per E-Mail senden"],
        ["Sign in to see your requests", "Email me a sign-in link"],
    ),
    "/support/articles/charged-twice/": (
        [
            "Zweimal abgebucht",
            "Hat das Ihre Frage beantwortet?",
            "Nein, ich brauche einen Menschen",
        ],
        ["I was charged twice", "Did this answer your question?", "No, I need a person"],
    ),
}


@pytest.mark.parametrize("url", PAGES)
def test_a_german_browser_gets_german_pages(client, demo_center, url):
    german, english = PAGES[url]
    page = client.get(url, **GERMAN).content.decode()
    assert '<html lang="de">' in page
    assert "Meine Anfragen" in page
    assert "Hilfe-Center" in page
    for words in german:
        assert words in page
    for words in english:
        assert words not in page


@pytest.mark.parametrize("url", PAGES)
def test_english_stays_english(client, demo_center, url):
    german, english = PAGES[url]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    for words in english:
        assert words in page
    for words in german:
        assert words not in page


def test_my_requests_in_german(client, sign_in_as, ticket):
    page = sign_in_as(ticket.customer).get("/support/requests/", **GERMAN).content.decode()
    assert "<h1>Meine Anfragen</h1>" in page
    assert ">Betreff<" in page
    assert ">Bearbeitet von<" in page
    assert ">Eingegangen<" in page  # the customer's word for a new ticket
    assert "Team Support" in page
    detail = client.get(f"/support/requests/{ticket.number}/", **GERMAN).content.decode()
    assert "Ihre Antwort" in detail
    assert "Antwort senden" in detail
    assert "Mein Problem ist gelöst" in detail


def test_the_switcher_changes_the_whole_page(client, demo_center):
    response = client.get("/support/language/de/?next=/support/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/support/"
    assert response.cookies["django_language"].value == "de"
    page = client.get("/support/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wie können wir helfen?" in page
    assert "Rechnungen und Tarife" in page
    client.get("/support/language/en/?next=/support/")
    assert "How can we help?" in client.get("/support/", **GERMAN).content.decode()


def test_an_unknown_language_changes_nothing(client, demo_center):
    response = client.get("/support/language/xx/?next=/support/", **GERMAN)
    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert "Wie können wir helfen?" in client.get("/support/", **GERMAN).content.decode()


def test_bad_input_is_explained_in_german_and_nothing_is_lost(client):
    data = {"name": "Anna", "email": "not-an-address", "subject": "Doppelt", "language": "de"}
    response = client.post("/support/requests/new/", data | {"description": "Zweimal."}, **GERMAN)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte gültige E-Mail-Adresse eingeben." in page
    assert 'value="Doppelt"' in page
    assert "Zweimal." in page
    assert not Ticket.objects.exists()


def test_a_german_request_is_confirmed_in_german(client):
    data = {"name": "Anna Muster", "email": "anna@example.de", "subject": "Doppelt abgebucht",
            "description": "Zweimal 49 Euro.", "language": "de"}  # fmt: skip
    page = client.post("/support/requests/new/", data, follow=True, **GERMAN).content.decode()
    ticket = Ticket.objects.get()
    assert f"Wir haben Ihre Anfrage: Ticket #{ticket.number}" in page
    assert "Unser Support-Team</strong> kümmert sich darum" in page
    sent = OutboundEmail.objects.get(ticket=ticket, kind=OutboundKind.ACKNOWLEDGEMENT)
    assert sent.body_text.startswith("Hallo Anna,\n\nwir haben Ihre Anfrage erhalten")


def test_a_german_customer_rates_in_german(client, agent, team):
    customer = CustomerFactory(language="de")
    ticket = open_ticket(customer=customer, team=team)
    Ticket.objects.filter(pk=ticket.pk).update(language="de")
    ticket.refresh_from_db()
    message_send(ticket=ticket, agent=agent, body_text="Erledigt.")
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    rating = rating_ask(solve_event=ticket.events.filter(after=Status.SOLVED).get())
    asked = OutboundEmail.objects.filter(ticket=ticket, kind=OutboundKind.NOTIFICATION).get()
    assert asked.subject.startswith("Wie zufrieden sind Sie mit uns?")
    assert "Gut, ich bin zufrieden: http" in asked.body_text
    url = f"/support/rate/{rating_value(rating)}/"
    form = client.get(f"{url}?score=good", **GERMAN).content.decode()
    assert f"Wie zufrieden sind Sie mit #{ticket.number}?" in form
    assert "Gut, ich bin zufrieden" in form
    assert "Bewertung senden" in form
    done = client.post(url, {"score": "good", "comment": ""}, **GERMAN).content.decode()
    assert "<h1>Vielen Dank</h1>" in done


def test_the_sign_in_mail_is_in_the_customers_language(client):
    customer = CustomerFactory(language="de")
    client.post("/support/sign-in/", {"email": customer.identities.get().value}, **GERMAN)
    run_queued(signin_link_issue)
    assert signin_link_send.call(token_id=SignInToken.objects.get().pk) is True
    assert sent_mail()[-1].subject == "Ihr Anmeldelink"
    assert sent_mail()[-1].body.startswith("Guten Tag,\n\nhier ist Ihr Link")
