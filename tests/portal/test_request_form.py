"""Asking for help: a web ticket, its files, the page and the email with the honest ETA."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from realdesk.accounts.models import Customer
from realdesk.comms.choices import OutboundKind
from realdesk.comms.models import OutboundEmail
from realdesk.sla.models import EtaPrediction
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ann Example",
    "email": "Ann@Example.org",
    "subject": "Zweimal abgebucht",
    "description": "Auf meiner Karte sind zwei Abbuchungen über 49 Euro.",
    "language": "de",
}


def test_submitting_opens_a_web_ticket_and_confirms_it(client):
    response = client.post("/support/requests/new/", VALID, follow=True)
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.language, ticket.subject) == (
        Channel.WEB,
        "de",
        VALID["subject"],
    )
    assert ticket.customer.identities.get().value == "ann@example.org"
    page = response.content.decode()
    assert f"ticket #{ticket.number}" in page
    assert "Our support team</strong> will handle it" in page
    eta = EtaPrediction.objects.get(ticket=ticket)  # the SLA engine's honest ETA, once
    mail = OutboundEmail.objects.get(ticket=ticket, kind=OutboundKind.ACKNOWLEDGEMENT)
    assert mail.to_address == "ann@example.org"
    assert f"Ticketnummer #{ticket.number}" in mail.body_text
    assert "Unser Support-Team kümmert sich darum" in mail.body_text  # the request's language
    assert f"/support/requests/{ticket.number}/" in mail.body_text
    assert eta.eta is not None


def test_files_are_attached(client):
    files = [
        SimpleUploadedFile("a.txt", b"hello"),
        SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"),
    ]
    client.post("/support/requests/new/", {**VALID, "attachments": files})
    names = sorted(Attachment.objects.values_list("filename", flat=True))
    assert names == ["a.txt", "b.pdf"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"description": "   "}, "This field is required."),
        ({"language": "xx"}, "Select a valid choice."),
        ({"subject": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_created(client, change, message):
    response = client.post("/support/requests/new/", {**VALID, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ticket.objects.exists()
    assert not Customer.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_file_over_the_limit_is_refused_with_everything_kept_in_the_form(client, settings):
    settings.REALDESK_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("big.bin", b"x" * 11)
    response = client.post("/support/requests/new/", {**VALID, "attachments": [big]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "big.bin is larger than" in page
    assert VALID["description"] in page  # nothing the customer typed is lost
    assert not Ticket.objects.exists()


def test_the_confirmation_link_cannot_be_forged(client):
    assert client.get("/support/requests/sent/eyJ0IjoxfQ:forged/").status_code == 404


def test_callback_request_opens_a_phone_ticket(client):
    response = client.post(
        "/support/callback/",
        {"name": "Bo", "phone": "+1 415 555 0199", "window": "asap"},
    )
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.PHONE
    assert "+14155550199" in ticket.messages.get().body_text
    assert "As soon as possible" in ticket.messages.get().body_text
    assert ticket.callbacks.get().asap


def test_callback_with_a_bad_number_is_explained(client):
    response = client.post("/support/callback/", {"name": "Bo", "phone": "12", "window": "asap"})
    assert response.status_code == 400
    assert "phone number" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_request_written_in_another_language_is_answered_in_it(client):
    """The form starts in the page's language; a customer who leaves it and writes French
    gets the ticket and the mail in French, and the page in the language they read it in."""
    request = {
        **VALID,
        "subject": "Facture en double",
        "description": "Bonjour, j'ai été débité deux fois pour le même abonnement ce mois-ci.",
        "language": "en",
    }
    response = client.post("/support/requests/new/", request, follow=True)
    ticket = Ticket.objects.get()
    assert (ticket.language, ticket.customer.language) == ("fr", "fr")
    assert "will handle it" in response.content.decode()
    mail = OutboundEmail.objects.get(ticket=ticket, kind=OutboundKind.ACKNOWLEDGEMENT)
    assert "Nous avons bien reçu votre demande" in mail.body_text


def test_a_language_picked_in_the_form_is_kept(client):
    request = {**VALID, "subject": "Invoice", "description": "I was charged twice this month."}
    client.post("/support/requests/new/", request)
    ticket = Ticket.objects.get()
    assert (ticket.language, ticket.customer.language, ticket.customer.language_chosen) == (
        "de",
        "de",
        True,
    )


def test_callback_in_a_picked_window_is_kept_as_promised(client):
    page = client.get("/support/callback/?tz=Europe/Berlin").content.decode()
    start = re.search(r'<option value="([^"]+T[^"]+)"', page).group(1)
    response = client.post(
        "/support/callback/?tz=Europe/Berlin",
        {"name": "Bo", "phone": "+49 30 1234567", "window": start},
    )
    assert response.status_code == 200
    callback = Ticket.objects.get().callbacks.get()
    assert not callback.asap
    assert callback.window_start.isoformat() == start
    assert "CET" in response.content.decode()


def test_callback_in_a_window_nobody_offered_is_refused(client):
    response = client.post(
        "/support/callback/",
        {"name": "Bo", "phone": "+14155550199", "window": "2020-01-01T10:00:00+00:00"},
    )
    assert response.status_code == 400
    assert not Ticket.objects.exists()
