"""Every text kind a customer reads about their request, in every language we write
(issue 16.4): the acknowledgement, the handoff, the promise made and missed, the rating
request. Whole texts per language from templates; these snapshots are read and approved
wording, so a change to a template shows here as a reviewed diff."""

from datetime import UTC, datetime

import pytest

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbound.acknowledge import acknowledgement_text
from realdesk.comms.models import OutboundEmail
from realdesk.comms.outbound import follow_url
from realdesk.knowledge.selectors import ArticleSuggestion
from realdesk.sla.phrasing import describe_told
from realdesk.sla.promises import promise_notice
from realdesk.surveys.actions import rating_ask, rating_link
from realdesk.surveys.choices import Score
from realdesk.tickets.actions import ticket_set_status, ticket_transfer
from realdesk.tickets.models import Message

LANGUAGES = ("en", "de", "fr", "es")
DUE = datetime(2026, 12, 5, 8, 2, tzinfo=UTC)  # 09:02 in Berlin
ETA = datetime(2026, 12, 7, 15, 53, tzinfo=UTC)  # Monday 16:53 in Berlin
ASKED = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # Saturday

ACKNOWLEDGEMENT = {
    "en": "Hello Ana,\n\nwe have received your request and it is ticket #{n}: Refund\n\n"
    "Our Billing team will handle it. You will hear from a person Monday afternoon "
    "(by Mon 7 Dec, 5:00 pm CET).\n\n"
    "While you wait, these articles may already answer your question:\n"
    "- Refunds\n  https://help.example.com/a\n\n"
    "Reply to this email to add anything; it goes straight to your ticket.\n",
    "de": "Hallo Ana,\n\nwir haben Ihre Anfrage erhalten; sie hat die Ticketnummer #{n}: Refund\n\n"
    "Unser Team Billing kümmert sich darum. Ein Mensch meldet sich bei Ihnen am "
    "Montagnachmittag (bis Mo. 7. Dez., 17:00 CET).\n\n"
    "Während Sie warten: Diese Artikel beantworten Ihre Frage vielleicht schon:\n"
    "- Refunds\n  https://help.example.com/a\n\n"
    "Antworten Sie auf diese E-Mail, wenn Sie etwas ergänzen möchten; Ihre Antwort landet "
    "direkt in Ihrem Ticket.\n",
    "fr": "Bonjour Ana,\n\nNous avons bien reçu votre demande ; elle porte le numéro de ticket "
    "#{n} : Refund\n\nNotre équipe Billing s'en occupe. Une personne vous répondra lundi "
    "après-midi (avant lun. 7 déc., 17 h 00 CET).\n\n"
    "En attendant, ces articles répondent peut-être déjà à votre question :\n"
    "- Refunds\n  https://help.example.com/a\n\n"
    "Répondez à cet e-mail pour ajouter des informations ; votre réponse sera ajoutée "
    "directement à votre ticket.\n",
    "es": "Hola, Ana:\n\nHemos recibido su solicitud y tiene el número de ticket #{n}: Refund\n\n"
    "Nuestro equipo de Billing se encargará de ella. Le responderá una persona el lunes por "
    "la tarde (antes del lun. 7 dic., 17:00 CET).\n\n"
    "Mientras espera, puede que estos artículos ya respondan a su pregunta:\n"
    "- Refunds\n  https://help.example.com/a\n\n"
    "Responda a este correo si quiere añadir algo; su respuesta se añadirá directamente a "
    "su ticket.\n",
}
HANDOFF = {
    "en": "Your request #{n} is now looked after by Jonas Weber from our Billing team.",
    "de": "Um Ihre Anfrage #{n} kümmert sich jetzt Jonas Weber aus unserem Team Billing.",
    "fr": "Votre demande #{n} est désormais suivie par Jonas Weber, de notre équipe Billing.",
    "es": "Jonas Weber, de nuestro equipo de Billing, se ocupa ahora de su solicitud #{n}.",
}
PROMISE_MADE = {
    "en": "We will update you by Sat 5 Dec, 9:02 am CET on this: “confirm the refund”.",
    "de": "Wir melden uns bis Sa. 5. Dez., 9:02 CET bei Ihnen zu diesem Punkt: "
    "„confirm the refund“.",
    "fr": "Nous reviendrons vers vous avant sam. 5 déc., 9 h 02 CET à ce sujet : "
    "« confirm the refund ».",
    "es": "Le informaremos antes del sáb. 5 dic., 9:02 CET sobre esto: «confirm the refund».",
}
PROMISE_MISSED = {
    "en": "We promised to update you by Sat 5 Dec, 9:02 am CET on this: “confirm the refund”. "
    "We have not managed that, and we are sorry. A team lead has been asked to take this up "
    "now, and you will hear from us as soon as we have news.",
    "de": "Wir hatten Ihnen versprochen, uns bis Sa. 5. Dez., 9:02 CET zu diesem Punkt zu "
    "melden: „confirm the refund“. Das haben wir nicht geschafft, und das tut uns leid. Eine "
    "Teamleitung kümmert sich jetzt darum, und Sie hören von uns, sobald es Neuigkeiten gibt.",
    "fr": "Nous vous avions promis de revenir vers vous avant sam. 5 déc., 9 h 02 CET à ce "
    "sujet : « confirm the refund ». Nous n'y sommes pas parvenus, et nous en sommes désolés. "
    "Un responsable d'équipe s'en occupe désormais, et vous aurez de nos nouvelles dès que "
    "nous en saurons plus.",
    "es": "Le prometimos informarle antes del sáb. 5 dic., 9:02 CET sobre esto: «confirm the "
    "refund». No lo hemos conseguido, y lo sentimos. Un responsable de equipo se ocupa ahora "
    "de ello, y tendrá noticias nuestras en cuanto sepamos algo.",
}
RATING_REQUEST = {
    "en": "Hello Ana,\n\nyour request #{n} (Refund) is solved. How did we do?\n\n"
    "Good, I'm satisfied: {good}\nBad, I'm unsatisfied: {bad}\n\n"
    "You can change your answer for seven days. If it is not solved after all, just reply "
    "to this email and the ticket opens again.\n",
    "de": "Hallo Ana,\n\nIhre Anfrage #{n} (Refund) ist gelöst. Wie zufrieden sind Sie mit "
    "uns?\n\nGut, ich bin zufrieden: {good}\nSchlecht, ich bin unzufrieden: {bad}\n\n"
    "Sie können Ihre Antwort sieben Tage lang ändern. Falls es doch nicht gelöst ist, "
    "antworten Sie einfach auf diese E-Mail, und das Ticket öffnet sich wieder.\n",
    "fr": "Bonjour Ana,\n\nVotre demande #{n} (Refund) est résolue. Qu'avez-vous pensé de "
    "notre aide ?\n\nBien, je suis satisfait : {good}\nMauvais, je ne suis pas satisfait : "
    "{bad}\n\nVous pouvez modifier votre réponse pendant sept jours. Si le problème n'est "
    "finalement pas résolu, répondez simplement à cet e-mail et le ticket sera rouvert.\n",
    "es": "Hola, Ana:\n\nSu solicitud #{n} (Refund) está resuelta. ¿Qué tal lo hemos hecho?"
    "\n\nBien, estoy satisfecho: {good}\nMal, no estoy satisfecho: {bad}\n\n"
    "Puede cambiar su respuesta durante siete días. Si al final no está resuelta, responda "
    "a este correo y el ticket se volverá a abrir.\n",
}


@pytest.fixture
def ticket(db, request):
    language = request.node.callspec.params["language"]
    customer = CustomerFactory(name="Ana Lima", language=language)
    return open_ticket(customer=customer, team=TeamFactory(name="Billing"), subject="Refund")


@pytest.mark.parametrize("language", LANGUAGES)
def test_acknowledgement(ticket, language):
    when = describe_told(ETA, now=ASKED, timezone="Europe/Berlin", language=language)
    articles = [ArticleSuggestion("Refunds", "https://help.example.com/a")]
    text = acknowledgement_text(ticket, eta_phrase=when, language=language, articles=articles)
    assert text == ACKNOWLEDGEMENT[language].format(n=ticket.number)


@pytest.mark.parametrize("language", LANGUAGES)
def test_handoff(ticket, language):
    jonas = AgentFactory(full_name="Jonas Weber", teams=[ticket.team])
    ticket_transfer(
        ticket=ticket, actor=jonas, note="Refunds are yours.", owner=jonas, team=ticket.team
    )
    notice = Message.objects.filter(ticket=ticket, direction="outbound").get()
    assert notice.body_text == HANDOFF[language].format(n=ticket.number)


@pytest.mark.parametrize("language", LANGUAGES)
def test_promise_made(language):
    text = promise_notice(
        "made", what="confirm the refund", due_at=DUE, timezone="Europe/Berlin", language=language
    )
    assert text == PROMISE_MADE[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_promise_missed(language):
    text = promise_notice(
        "missed", what="confirm the refund", due_at=DUE, timezone="Europe/Berlin", language=language
    )
    assert text == PROMISE_MISSED[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_rating_request(ticket, language, agent):
    agent.teams.add(ticket.team)
    ticket_set_status(ticket=ticket, status="solved", actor=agent, reason="answered by phone")
    solve = ticket.events.get(kind="status_changed", after="solved")
    rating = rating_ask(solve_event=solve)
    mail = ticket.outbound_emails.get(
        kind="notice", body_text__contains=rating_link(rating, score=Score.GOOD)
    )
    good, bad = (rating_link(rating, score=s) for s in (Score.GOOD, Score.BAD))
    assert mail.body_text == RATING_REQUEST[language].format(n=ticket.number, good=good, bad=bad)


FOLLOW = {  # the acknowledgement of a web request ends with its link instead
    "en": "Follow your request, add files or reply: {url}\n"
    "You can also reply to this email; it goes straight to your ticket.\n",
    "de": "Verfolgen Sie Ihre Anfrage, fügen Sie Dateien hinzu oder antworten Sie: {url}\n"
    "Sie können auch auf diese E-Mail antworten; sie landet direkt in Ihrem Ticket.\n",
    "fr": "Suivez votre demande, ajoutez des fichiers ou répondez : {url}\nVous pouvez aussi "
    "répondre à cet e-mail ; votre réponse sera ajoutée directement à votre ticket.\n",
    "es": "Siga su solicitud, añada archivos o responda: {url}\nTambién puede responder a "
    "este correo; su respuesta se añade directamente a su ticket.\n",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_web_request_acknowledgement(language, client, db):
    request = {"name": "Ana Lima", "email": "ana@example.org", "subject": "Refund"}
    request |= {"description": "Where is my refund?", "language": language}
    client.post("/support/requests/new/", request)  # a language other than the page's is chosen
    mail = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT)
    url = follow_url(mail.ticket)
    text = ACKNOWLEDGEMENT[language].format(n=mail.ticket.number)
    opening = text.split("\n\n")[:2]
    assert mail.body_text.split("\n\n")[:2] == opening
    assert mail.body_text.endswith("\n\n" + FOLLOW[language].format(url=url))
