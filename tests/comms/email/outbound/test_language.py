"""A customer is answered in the language they write: the acknowledgement with its ETA,
and the survey after the solve (issue 15, item 4)."""

import pytest

from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.models import OutboundEmail
from realdesk.surveys.actions import rating_ask
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Ticket
from support.mail import make_email

pytestmark = pytest.mark.django_db

SENDER = "Kim Muster <kim@example.org>"
EMAILS = {
    "de": (
        "Rechnung doppelt",
        "Guten Tag,\n\nmir wurde der Betrag für März zweimal abgebucht. "
        "Bitte erstatten Sie mir die zweite Zahlung.\n\nViele Grüße\nKim",
    ),
    "fr": (
        "Facture en double",
        "Bonjour,\n\nle montant de mars a été prélevé deux fois sur mon compte. "
        "Pourriez-vous me rembourser le second paiement ?\n\nCordialement,\nKim",
    ),
    "es": (
        "Factura duplicada",
        "Hola:\n\nme han cobrado dos veces el importe de marzo. "
        "¿Podrían devolverme el segundo pago?\n\nUn saludo,\nKim",
    ),
}
# Words that only the right translation of each mail has (English would have none of them).
ACKNOWLEDGED = {
    "de": ("Hallo Kim,", "wir haben Ihre Anfrage erhalten", "Ein Mensch meldet sich bei Ihnen"),
    "fr": ("Bonjour Kim,", "Nous avons bien reçu votre demande", "Une personne vous répondra"),
    "es": ("Hola, Kim:", "Hemos recibido su solicitud", "Le responderá una persona"),
}
# The ETA phrase of each language: one of its own words for "today", "tomorrow" or a day.
ETA_WORDS = {
    "de": ("heute", "morgen", "am ", "bis "),
    "fr": ("aujourd'hui", "demain", "di ", "d'ici le"),
    "es": ("hoy", "mañana", "el ", "antes del"),
}
SURVEY = {  # the subject, and words of the body
    "de": ("Wie zufrieden sind Sie mit uns?", "ist gelöst"),
    "fr": ("Comment avons-nous fait ?", "est résolue"),
    "es": ("¿Qué tal lo hemos hecho?", "está resuelta"),
}


@pytest.fixture(autouse=True)
def english_site(settings):
    settings.LANGUAGE_CODE = "en"
    settings.BASE_URL = "https://help.example.com"


def receive(body: str, subject: str = "Frage", sender: str = SENDER) -> Ticket:
    data = make_email(sender=sender, subject=subject, body=body)
    return email_receive(data=data, source="test")[0].ticket


def acknowledgement(ticket: Ticket) -> str:
    return OutboundEmail.objects.get(ticket=ticket, kind=OutboundKind.ACKNOWLEDGEMENT).body_text


def survey(ticket: Ticket, lead) -> OutboundEmail:
    message_send(ticket=ticket, agent=lead, body_text="Done.")
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=lead)
    solved = ticket.events.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED).latest("pk")
    rating_ask(solve_event=solved)
    return OutboundEmail.objects.filter(ticket=ticket, kind=OutboundKind.NOTIFICATION).get()


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_an_email_gets_its_acknowledgement_and_survey_in_its_language(language, lead):
    subject, body = EMAILS[language]
    ticket = receive(body, subject=subject)
    assert (ticket.language, ticket.customer.language) == (language, language)
    text = acknowledgement(ticket)
    for words in ACKNOWLEDGED[language]:
        assert words in text
    assert "received your request" not in text
    sentence = text.split(ACKNOWLEDGED[language][2])[1].split("\n")[0]
    assert any(word in sentence for word in ETA_WORDS[language]), sentence
    asked = survey(ticket, lead)
    subject_words, body_words = SURVEY[language]
    assert asked.subject.startswith(subject_words)
    assert body_words in asked.body_text


def test_three_german_words_from_a_customer_known_to_write_german():
    customer_identify(kind=IdentityKind.EMAIL, value="kim@example.org", language="de")
    ticket = receive("ok danke schön", subject="")
    assert ticket.language == "de"
    assert "wir haben Ihre Anfrage erhalten" in acknowledgement(ticket)


def test_a_short_text_does_not_change_the_customers_language():
    customer_identify(kind=IdentityKind.EMAIL, value="kim@example.org", language="fr")
    ticket = receive("Hallo", subject="")
    assert (ticket.language, ticket.customer.language) == ("fr", "fr")


def test_a_clear_text_teaches_the_customers_language():
    customer_identify(kind=IdentityKind.EMAIL, value="kim@example.org", language="en")
    ticket = receive(EMAILS["de"][1], subject=EMAILS["de"][0])
    ticket.customer.refresh_from_db()
    assert (ticket.language, ticket.customer.language) == ("de", "de")


def test_a_language_chosen_in_the_portal_is_kept():
    """They picked French on our pages: the German email is answered in German (it is what
    they wrote), but their own choice for everything else stays."""
    customer = customer_identify(kind=IdentityKind.EMAIL, value="kim@example.org")
    customer.language, customer.language_chosen = "fr", True
    customer.save()
    ticket = receive(EMAILS["de"][1], subject=EMAILS["de"][0])
    customer.refresh_from_db()
    assert (ticket.language, customer.language) == ("de", "fr")


def test_only_enabled_languages_are_answered_in(settings):
    """Italian is not offered: the ticket falls to the customer's language, not to "it"."""
    settings.LANGUAGES = [("en", "English"), ("de", "Deutsch")]
    ticket = receive(
        "Buongiorno, non riesco più ad accedere al mio account da questa mattina. "
        "Potete aiutarmi, per favore?",
        subject="Accesso",
    )
    assert ticket.language in {"en", "de"}
    assert ticket.customer.language in {"", "en", "de"}
