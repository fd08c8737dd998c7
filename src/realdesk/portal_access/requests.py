"""The web channel: requests, replies and callback requests from the support center.

Each call is one transaction: the customer, the ticket, its files and the acknowledgement
in the outbox (queued by the reaction to the ticket's creation, as for email) commit
together, or nothing does.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from realdesk.accounts.actions import (
    customer_identify,
    customer_identify_by_any,
    customer_identities_tie,
    customer_language_learn,
)
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email, normalize_phone
from realdesk.accounts.models import Customer
from realdesk.comms.language import language_detect
from realdesk.portal_access.actions import customer_language_set
from realdesk.sla.eta import eta_last_told, eta_tell
from realdesk.sla.phrasing import describe_told
from realdesk.tickets.actions import message_receive, ticket_open
from realdesk.tickets.attachments import attachment_store
from realdesk.tickets.choices import OPEN_STATUSES, Channel
from realdesk.tickets.events import Acknowledge
from realdesk.tickets.models import Message, Ticket
from realdesk.voice.actions import callback_create
from realdesk.voice.choices import CallbackSource


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


def _store(message: Message, uploads: list[Upload]) -> None:
    for upload in uploads:
        attachment_store(message=message, filename=upload.filename, payload=upload.payload)


def _written_language(text: str, customer: Customer) -> str:
    """The language the customer wrote in, remembered as theirs when the words show it."""
    written = language_detect(text, known=customer.language)
    if written.confident:
        customer_language_learn(customer=customer, language=written.language)
    return written.language


def web_request_submit(
    *,
    name: str,
    email: str,
    subject: str,
    description: str,
    language: str,
    language_chosen: bool = False,
    uploads: list[Upload] = (),
    browser_zone: str = "",
) -> Submitted:
    """Open a ticket from the request form and acknowledge it by email with the honest ETA.

    `language` is the form's, which starts as the page's: unless the customer picked
    another (`language_chosen`), the request may well be written in a language of its own,
    and then the ticket and the mail are in that one (the page stays the reader's)."""
    address = normalize_email(email)
    with transaction.atomic():
        customer = customer_identify(
            kind=IdentityKind.EMAIL, value=address, name=name, language=language
        )
        written = language
        if language_chosen:
            customer_language_set(customer=customer, language=language, chosen=True)
        else:
            written = _written_language(f"{subject}\n{description}", customer) or language
        # Acknowledged by email as a request by email is (the same reaction to the ticket's
        # creation, the same caps), with the time on the visitor's clock.
        ticket = ticket_open(
            customer=customer,
            subject=subject,
            body_text=description,
            channel=Channel.WEB,
            language=written,
            acknowledge=Acknowledge(to=address, zone=browser_zone),
        )
        _store(ticket.messages.get(), list(uploads))
        # When a person will answer (the SLA engine's prediction, queue and calendar), as
        # the acknowledgement told it; told here when the caps kept the mail back.
        # The mail is in the language of the request, the page in the reader's.
        told = eta_last_told(ticket) or eta_tell(
            ticket, language=written, browser_zone=browser_zone
        )
        when = told.phrase
        if language != written:
            when = describe_told(
                told.eta, now=told.made_at, timezone=told.timezone, language=language
            )
        handler = handler_name(ticket)  # for the page, in the language the reader reads it in
    return Submitted(ticket=ticket, handler=handler, eta=told.eta, eta_text=when)


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


def callback_request(
    *,
    name: str,
    phone: str,
    window: str,
    language: str,
    email: str = "",
    customer: Customer | None = None,
    about: Ticket | None = None,
    slot: tuple[datetime, datetime] | None = None,
) -> Ticket:
    """Ask for a call back: a ticket on the phone channel and a Callback kept like a
    promise, in the open `slot` the customer picked (None: as soon as possible).

    The caller is the signed-in customer, else whoever already holds the number or the
    email address (customer_identify_by_any): a known customer is not made twice. A
    signed-in customer asking about one of their open tickets (`about`) asks in its
    thread; about anything else, the request is a ticket of its own. Only a signed-in
    customer can point at a ticket: anybody can type a number or an address.
    """
    number = normalize_phone(phone, default_region=settings.REALDESK_DEFAULT_PHONE_REGION)
    identities = [(IdentityKind.PHONE, number)]
    if email:
        identities.append((IdentityKind.EMAIL, normalize_email(email)))
    # The customer's words in the thread, in the language they asked in (`window` is
    # already written in it): they read the thread back in the support center.
    with translation.override(language):
        body_text = _("Please call me back on %(number)s. When: %(window)s.") % {
            "number": number,
            "window": window,
        }
        subject = _("Callback request: %(caller)s") % {"caller": name or number}
    with transaction.atomic():
        if customer is None:
            customer = customer_identify_by_any(identities=identities, name=name, language=language)
            about = None
        else:
            customer_identities_tie(customer=customer, identities=identities)
        if about and about.customer_id == customer.pk and about.status in OPEN_STATUSES:
            message_receive(
                ticket=about, customer=customer, body_text=body_text, channel=Channel.PHONE
            )
            ticket = about
        else:
            ticket = ticket_open(
                customer=customer,
                subject=subject,
                body_text=body_text,
                channel=Channel.PHONE,
                language=language,
            )
        callback_create(ticket=ticket, phone=number, source=CallbackSource.WEB, window=slot)
        return ticket
