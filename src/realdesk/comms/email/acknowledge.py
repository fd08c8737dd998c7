"""The acknowledgement: at once, with the ticket number, who handles it, and when, and the
articles that may answer the question before a person does."""

from collections.abc import Sequence

from django.conf import settings

from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbox import outbound_new, outbox_queue_all
from realdesk.comms.models import OutboundEmail
from realdesk.knowledge.selectors import ArticleSuggestion, articles_suggested_for
from realdesk.sla.eta import etas_tell
from realdesk.tickets.models import Message, Ticket

SUGGESTED_ARTICLES = 3


def _handler(ticket: Ticket) -> str:
    if ticket.owner:
        return ticket.owner.first_name
    if ticket.team:
        return f"Our {ticket.team.name} team"
    return "Our support team"


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
    return f"While you wait, these articles may already answer your question:\n{lines}\n"


def acknowledgement_text(
    ticket: Ticket, *, eta_phrase: str, articles: Sequence[ArticleSuggestion] = ()
) -> str:
    name = ticket.customer.name.split()[0] if ticket.customer.name else "there"
    return (
        f"Hello {name},\n\n"
        f"we have received your request and it is ticket #{ticket.number}: {ticket.subject}\n\n"
        f"{_handler(ticket)} will handle it. You will hear from a person {eta_phrase}.\n\n"
        f"{_articles_paragraph(articles)}"
        "Reply to this email to add anything; it goes straight to your ticket.\n"
    )


def acknowledgements_queue(requests: list[tuple[Message, str]]) -> list[OutboundEmail]:
    """Acknowledge each (message that opened a ticket, address), queued together.
    Whether an address may get one (not bounced, within the caps) the caller knows for
    its whole batch: see `InboundBatch.acknowledgement_allowed`."""
    # The honest ETA (SLA target bounded by the queue) on the customer's clock, stored
    # as what they were told; the acknowledgement itself is in English for now.
    told = etas_tell([request.ticket for request, _ in requests], language="en")
    return outbox_queue_all(
        [
            outbound_new(
                kind=OutboundKind.ACKNOWLEDGEMENT,
                ticket=request.ticket,
                to_address=to_address,
                subject=f"[#{request.ticket.number}] {request.ticket.subject}",
                body_text=acknowledgement_text(
                    request.ticket,
                    eta_phrase=prediction.phrase,
                    articles=_suggested_articles(request.ticket, request),
                ),
                answering=request,
            )
            for (request, to_address), prediction in zip(requests, told, strict=True)
        ]
    )
