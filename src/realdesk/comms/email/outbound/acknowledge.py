"""The acknowledgement: one reaction to a ticket's creation, for every channel that asks
for it (`Acknowledge` on the creation's event: an email, the support center's form). At
once, with the ticket number, who handles it, and when, in one text per language; the
channel adds only its extras (`acknowledgement_extras`): the articles that may answer the
question before a person does (email), the request's page (the form).

It runs in the transaction that opens the tickets, after the SLA clocks start (comms'
AppConfig registers it after them): the time it tells is the clock's.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings

from realdesk.comms.choices import OutboundKind
from realdesk.comms.models import OutboundEmail
from realdesk.comms.outbound import (
    acknowledgements_allowed,
    customer_mail_new,
    follow_url,
    mails_queue,
    ticket_mail_text,
)
from realdesk.core.registry import Registry
from realdesk.knowledge.selectors import ArticleSuggestion, articles_suggested_for
from realdesk.sla.eta import etas_tell
from realdesk.sla.models import EtaPrediction
from realdesk.tickets import reactions
from realdesk.tickets.choices import Channel, EventKind
from realdesk.tickets.events import Acknowledge, TicketCreated, payload_of
from realdesk.tickets.models import Event, Message, Ticket

SUGGESTED_ARTICLES = 3

#: What a channel adds to the acknowledgement: values for its template (comms/customer/
#: <language>/acknowledgement.txt), such as `articles` or the `follow` link.
Extras = Callable[[Ticket, Message], dict[str, Any]]
acknowledgement_extras: Registry[str, Extras] = Registry("acknowledgement extras")


def _suggested_articles(ticket: Ticket, request: Message) -> list[ArticleSuggestion]:
    """Articles matching the request's subject and text (with nothing published, no
    search: see `articles_suggested_for`)."""
    return articles_suggested_for(
        text=f"{ticket.subject}\n{request.body_text}",
        language=ticket.language or ticket.customer.language or settings.LANGUAGE_CODE,
        limit=SUGGESTED_ARTICLES,
    )


def _articles(ticket: Ticket, request: Message) -> dict[str, Any]:
    return {"articles": _suggested_articles(ticket, request)}


def _request_page(ticket: Ticket, request: Message) -> dict[str, Any]:
    """Written on a page, followed on a page: where to add files or read our answer."""
    return {"follow": follow_url(ticket)}


def _extras(ticket: Ticket, request: Message) -> dict[str, Any]:
    if ticket.channel not in acknowledgement_extras:
        return {}
    return acknowledgement_extras.get(ticket.channel)(ticket, request)


acknowledgement_extras.register(Channel.EMAIL, _articles)
acknowledgement_extras.register(Channel.WEB, _request_page)


def acknowledgement_text(
    ticket: Ticket,
    *,
    eta_phrase: str,
    language: str = "en",
    articles: Sequence[ArticleSuggestion] = (),
    follow: str = "",
) -> str:
    """From the template of the customer's `language`: a whole text per language, not
    translated pieces spliced; the channel's extras are its `articles` or `follow` link."""
    return ticket_mail_text(
        "comms/acknowledgement",
        ticket=ticket,
        language=language,
        when=eta_phrase,
        articles=articles,
        follow=follow,
    )


def _acknowledgement(request: Message, to_address: str, told: EtaPrediction) -> OutboundEmail:
    ticket = request.ticket
    return customer_mail_new(
        kind=OutboundKind.ACKNOWLEDGEMENT,
        ticket=ticket,
        to_address=to_address,
        subject=f"[#{ticket.number}] {ticket.subject}",
        body_text=acknowledgement_text(
            ticket,
            eta_phrase=told.phrase,
            language=told.language,
            **_extras(ticket, request),
        ),
        answering=request,
    )


def acknowledgements_queue(
    requests: list[tuple[Message, str]], *, browser_zone: str = ""
) -> list[OutboundEmail]:
    """Acknowledge each (message that opened a ticket, address), queued together. Whether
    an address may get one (not bounced, within the caps) the caller has asked
    (`acknowledgements_allowed`)."""
    # The honest ETA (SLA target bounded by the queue) in the customer's language and on
    # their clock, stored as what they were told.
    told = etas_tell([request.ticket for request, _address in requests], browser_zone=browser_zone)
    return mails_queue(
        [
            _acknowledgement(request, to_address, prediction)
            for (request, to_address), prediction in zip(requests, told, strict=True)
        ]
    )


@reactions.in_transaction_all(EventKind.CREATED)
def acknowledge_created(events: list[Event]) -> None:
    """The new tickets whose channel asked for an acknowledgement get one, within the caps
    and never at an address that bounced for good, all queued together."""
    asked: list[tuple[Event, Acknowledge]] = [
        (event, wish)
        for event in events
        if (wish := payload_of(event, TicketCreated).get("acknowledge")) is not None
    ]
    if not asked:
        return
    allowed = acknowledgements_allowed([(event.ticket, wish["to"]) for event, wish in asked])
    asked = [pair for pair, ok in zip(asked, allowed, strict=True) if ok]
    opening = Message.objects.in_bulk([payload_of(e, TicketCreated)["message"] for e, _ in asked])
    by_zone: dict[str, list[tuple[Message, str]]] = defaultdict(list)
    for event, wish in asked:
        request = opening[payload_of(event, TicketCreated)["message"]]
        request.ticket = event.ticket  # the ticket as the change left it, not read again
        by_zone[wish.get("zone", "")].append((request, wish["to"]))
    for zone, requests in by_zone.items():
        acknowledgements_queue(requests, browser_zone=zone)
