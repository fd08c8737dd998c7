"""The web channel: requests, replies and callback requests from the support center.

Each call is one transaction: the customer, the ticket, its files and the acknowledgement
in the outbox commit together, or nothing does.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email, normalize_phone
from realdesk.accounts.models import Customer
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbox import outbox_queue
from realdesk.sla.eta import eta_tell
from realdesk.tickets.actions import message_receive, ticket_open
from realdesk.tickets.attachments import attachment_store
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Message, Ticket


@dataclass(frozen=True)
class Upload:
    filename: str
    payload: bytes


@dataclass(frozen=True)
class Submitted:
    ticket: Ticket
    handler: str
    eta: datetime
    eta_text: str


def handler_name(ticket: Ticket) -> str:
    """Who will answer, as the customer should read it: a first name, else the team."""
    if ticket.owner_id:
        return ticket.owner.first_name
    if ticket.team_id:
        return _("Our %(team)s team") % {"team": ticket.team.name}
    return _("Our support team")


def follow_url(ticket: Ticket) -> str:
    return f"{settings.BASE_URL}{reverse('portal:request', args=[ticket.number])}"


def _store(message: Message, uploads: list[Upload]) -> None:
    for upload in uploads:
        attachment_store(message=message, filename=upload.filename, payload=upload.payload)


def hello(customer: Customer) -> str:
    """How our mail to a customer opens: their first name when we know it."""
    if customer.name.strip():
        return _("Hello %(name)s,") % {"name": customer.name.split()[0]} + "\n\n"
    return _("Hello there,") + "\n\n"


def mail_language(customer: Customer | None, *, ticket: Ticket | None = None) -> str:
    """The language our mail to a customer is written in: the ticket's, else theirs."""
    chosen = (ticket.language if ticket else "") or (customer.language if customer else "")
    return chosen or settings.LANGUAGE_CODE


def _confirmation_text(ticket: Ticket, *, handler: str, when: str) -> str:
    return hello(ticket.customer) + _(
        "we have received your request and it is ticket #%(number)s: %(subject)s\n\n"
        "%(handler)s will handle it. You will hear from a person %(when)s at the latest.\n\n"
        "Follow your request, add files or reply: %(url)s\n"
        "You can also reply to this email; it goes straight to your ticket.\n"
    ) % {
        "number": ticket.number,
        "subject": ticket.subject,
        "handler": handler,
        "when": when,
        "url": follow_url(ticket),
    }


def web_request_submit(
    *,
    name: str,
    email: str,
    subject: str,
    description: str,
    language: str,
    uploads: list[Upload] = (),
    browser_zone: str = "",
) -> Submitted:
    """Open a ticket from the request form and acknowledge it by email with the honest ETA."""
    address = normalize_email(email)
    with transaction.atomic():
        customer = customer_identify(
            kind=IdentityKind.EMAIL, value=address, name=name, language=language
        )
        ticket = ticket_open(
            customer=customer,
            subject=subject,
            body_text=description,
            channel=Channel.WEB,
            language=language,
        )
        _store(ticket.messages.get(), list(uploads))
        # When a person will answer (the SLA engine's prediction, queue and calendar),
        # on the visitor's clock, stored as what the customer was told.
        told = eta_tell(ticket, language=language, browser_zone=browser_zone)
        eta, when = told.eta, told.phrase
        handler = handler_name(ticket)  # for the page, in the language the reader reads it in
        with translation.override(language):  # the mail in the language of the request
            body_text = _confirmation_text(ticket, handler=handler_name(ticket), when=when)
        outbox_queue(
            kind=OutboundKind.ACKNOWLEDGEMENT,
            ticket=ticket,
            to_address=address,
            subject=f"[#{ticket.number}] {ticket.subject}",
            body_text=body_text,
        )
    return Submitted(ticket=ticket, handler=handler, eta=eta, eta_text=when)


def web_reply(
    *, ticket: Ticket, customer: Customer, body_text: str, uploads: list[Upload] = ()
) -> Message:
    """The customer's reply from "My requests"; a closed ticket gets a follow-up instead."""
    with transaction.atomic():
        message = message_receive(
            ticket=ticket, customer=customer, body_text=body_text, channel=Channel.WEB
        )
        _store(message, list(uploads))
    return message


def callback_request(*, name: str, phone: str, window: str, language: str) -> Ticket:
    """Ask for a call back: a ticket on the phone channel with the number and the window."""
    number = normalize_phone(phone, default_region=settings.REALDESK_DEFAULT_PHONE_REGION)
    with transaction.atomic():
        customer = customer_identify(
            kind=IdentityKind.PHONE, value=number, name=name, language=language
        )
        return ticket_open(
            customer=customer,
            subject=f"Callback request: {name or number}",
            body_text=f"Please call me back on {number}, preferably {window}.",
            channel=Channel.PHONE,
            language=language,
        )
