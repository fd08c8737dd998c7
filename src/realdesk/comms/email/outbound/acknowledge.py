"""The acknowledgement: at once, with the ticket number, who handles it, and when, and the
articles that may answer the question before a person does."""

from collections.abc import Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from realdesk.comms.choices import OutboundKind
from realdesk.comms.models import OutboundEmail
from realdesk.comms.outbound import customer_mail_new, hello, mails_queue
from realdesk.knowledge.selectors import ArticleSuggestion, articles_suggested_for
from realdesk.portal_access.requests import handler_name
from realdesk.sla.eta import etas_tell
from realdesk.sla.models import EtaPrediction
from realdesk.tickets.models import Message, Ticket

SUGGESTED_ARTICLES = 3


def _suggested_articles(ticket: Ticket, request: Message) -> list[ArticleSuggestion]:
    """Articles matching the request's subject and text (with nothing published, no
    search: see `articles_suggested_for`)."""
    return articles_suggested_for(
        text=f"{ticket.subject}\n{request.body_text}",
        language=ticket.language or ticket.customer.language or settings.LANGUAGE_CODE,
        limit=SUGGESTED_ARTICLES,
    )


def _articles_paragraph(articles: Sequence[ArticleSuggestion]) -> str:
    if not articles:
        return ""
    lines = "".join(f"- {article.title}\n  {article.url}\n" for article in articles)
    heading = _("While you wait, these articles may already answer your question:")
    return f"{heading}\n{lines}\n"


def acknowledgement_text(
    ticket: Ticket, *, eta_phrase: str, articles: Sequence[ArticleSuggestion] = ()
) -> str:
    """In the active language: the caller overrides it with the customer's."""
    received = _(
        "we have received your request and it is ticket #%(number)s: %(subject)s\n\n"
        "%(handler)s will handle it. You will hear from a person %(when)s.\n\n"
    ) % {
        "number": ticket.number,
        "subject": ticket.subject,
        "handler": handler_name(ticket),
        "when": eta_phrase,
    }
    closing = _("Reply to this email to add anything; it goes straight to your ticket.")
    return f"{hello(ticket.customer)}{received}{_articles_paragraph(articles)}{closing}\n"


def _acknowledgement(request: Message, to_address: str, told: EtaPrediction) -> OutboundEmail:
    ticket = request.ticket
    with translation.override(told.language):
        body_text = acknowledgement_text(
            ticket,
            eta_phrase=told.phrase,
            articles=_suggested_articles(ticket, request),
        )
    return customer_mail_new(
        kind=OutboundKind.ACKNOWLEDGEMENT,
        ticket=ticket,
        to_address=to_address,
        subject=f"[#{ticket.number}] {ticket.subject}",
        body_text=body_text,
        answering=request,
    )


def acknowledgements_queue(requests: list[tuple[Message, str]]) -> list[OutboundEmail]:
    """Acknowledge each (message that opened a ticket, address), queued together.
    Whether an address may get one (not bounced, within the caps) the caller knows for
    its whole batch: see `InboundBatch.acknowledgement_allowed`."""
    # The honest ETA (SLA target bounded by the queue) in the customer's language and on
    # their clock, stored as what they were told.
    told = etas_tell([request.ticket for request, _address in requests])
    return mails_queue(
        [
            _acknowledgement(request, to_address, prediction)
            for (request, to_address), prediction in zip(requests, told, strict=True)
        ]
    )
