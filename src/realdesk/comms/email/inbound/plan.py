"""Delivering emails into tickets: planned one by one, written together.

Planning decides where each email goes (the ticket it continues, or a draft it opens)
and tells the batch, so that the next email sees it as if it had been written: a reply
to a request that came moments before lands in that request's ticket. Writing adds all
the planned messages at once (`customer_messages_add`), then stores their attachments,
remembers whom each customer copied and the language each customer clearly wrote in. A
new request asks for its acknowledgement (`Acknowledge`), which the reaction to its
ticket's creation queues, as for every channel (comms/email/outbound/acknowledge.py).

Under the "cc" stranger policy a person the customer copied may reply into the ticket;
anybody else who is not its customer gets a ticket of their own and never sees the
other's history.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings

from realdesk.accounts.actions import customers_language_learn
from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer
from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.choices import StrangerPolicy
from realdesk.comms.email.addressing import is_own_address
from realdesk.comms.email.inbound.incoming import Decision, Incoming
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.comms.email.inbound.threader import find_ticket
from realdesk.comms.language import language_detect
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import ticket_cc_add
from realdesk.tickets.actions.customer_messages import (
    CustomerMessage,
    customer_messages_add,
    message_destination,
    ticket_draft,
)
from realdesk.tickets.attachments import attachments_store
from realdesk.tickets.choices import Channel
from realdesk.tickets.events import Acknowledge
from realdesk.tickets.models import Message, Ticket


@dataclass
class Delivery:
    email: Incoming
    message: CustomerMessage
    opens: bool  # the message opens its ticket (a new request, or a follow-up of a closed one)
    copied: list[str]  # whom the customer copied, for their own ticket to remember
    note: str = ""  # the reason recorded with the outcome
    language: str = ""  # what the customer clearly wrote in, to remember as theirs

    @property
    def decision(self) -> Decision:
        outcome = Outcome.TICKET_CREATED if self.opens else Outcome.REPLY_THREADED
        return Decision(outcome, self.note)


def _body(text: str, parsed: ParsedEmail) -> str:
    """An email with no words (only files, or nothing) is still a request."""
    if text.strip():
        return text
    return "(no text: see the attachments)" if parsed.attachments else "(the email was empty)"


def copied_addresses(parsed: ParsedEmail) -> list[str]:
    """Whom the sender copied (To and Cc), without us, the sender, and addresses we could
    not trust to mean one mailbox; each once, in the order written."""
    sender = (parsed.from_address or "").lower()
    found: dict[str, None] = {}
    for address in (*parsed.to, *parsed.cc):
        if is_own_address(address):
            continue
        try:
            normalized = normalize_email(address)
        except ApplicationError:
            continue
        if normalized != sender:
            found[normalized] = None
    return list(found)


def _joined(
    found: Ticket | None, email: Incoming, customer: Customer, as_cc: bool
) -> Ticket | None:
    """The ticket the email lands in when it continues `found` (a follow-up when closed);
    None when the ticket does not accept this person after all (it was merged into
    another customer's, say): they get a ticket of their own."""
    if found is None:
        return None
    try:
        return message_destination(
            ticket=found,
            customer=customer,
            channel=Channel.EMAIL,
            at=email.record.received_at,
            as_cc=as_cc,
        )
    except ApplicationError as error:
        if error.code != "not_participant":
            raise
    return None


def delivery_plan(email: Incoming) -> Delivery:
    """Where the email goes, told to the batch; nothing of the ticket written yet (the
    customer of a first contact is)."""
    inbound, parsed, batch = email.record, email.parsed, email.batch
    customer = batch.customer(parsed)
    as_cc = settings.REALDESK_EMAIL_STRANGER_POLICY == StrangerPolicy.CC
    found = find_ticket(
        parsed,
        customer=customer,
        recent=partial(batch.recent_tickets, customer),
        answered=batch.answered(parsed),
        accept_ccs=as_cc,
    )
    ticket = _joined(found, email, customer, as_cc=as_cc)
    if ticket is None:
        words = parsed.text
        ticket = ticket_draft(
            customer=customer,
            subject=parsed.subject,
            body_text=_body(words, parsed),
            channel=Channel.EMAIL,
            at=inbound.received_at,
        )
    else:
        # Imported for the first reply: its patterns (a hundred languages' "On ... wrote:")
        # take 40 ms to compile, which an import of new requests alone never needs.
        from realdesk.comms.email.inbound.reply.extract import extract_reply

        words = extract_reply(parsed.text) or parsed.text
    body_text = _body(words, parsed)
    # The customer's own words (not the history they quote) tell the language to answer in.
    written = language_detect(f"{parsed.subject}\n{words}", known=customer.language)
    opens = ticket.pk is None and ticket is not found  # not a draft an earlier email opens
    if opens:
        ticket.language = written.language
    message = CustomerMessage(
        ticket=ticket,
        customer=customer,
        body_text=body_text,
        channel=Channel.EMAIL,
        body_html=parsed.html,
        external_id=parsed.message_id or "",
        raw=inbound.raw,
        at=inbound.received_at,
        as_cc=as_cc,
        acknowledge=Acknowledge(to=parsed.from_address) if opens else None,
    )
    shared = batch.shares_message_id(parsed)
    batch.learn_delivery(parsed, ticket=ticket, customer=customer, at=inbound.received_at)
    copied = copied_addresses(parsed) if ticket.customer_id == customer.pk else []
    note = "Message-ID also used by another sender" if shared else ""
    return Delivery(
        email=email,
        message=message,
        opens=opens,
        copied=copied,
        note=note,
        language=written.language if written.confident else "",
    )


def _attachment_files(message: Message, parsed: ParsedEmail) -> list[tuple[Message, str, bytes]]:
    return [(message, part.filename, part.payload) for part in parsed.attachments]


def deliveries_write(deliveries: list[Delivery]) -> None:
    """Add the planned messages (their new tickets acknowledged by the reaction to their
    creation), then what goes with each: its attachments, the people its customer copied."""
    if not deliveries:
        return
    messages = customer_messages_add([delivery.message for delivery in deliveries])
    files = []
    for delivery, message in zip(deliveries, messages, strict=True):
        inbound, parsed = delivery.email.record, delivery.email.parsed
        inbound.ticket, inbound.message = message.ticket, message
        files += _attachment_files(message, parsed)
        if delivery.copied:
            ticket_cc_add(
                ticket=message.ticket,
                addresses=delivery.copied,
                actor_customer=message.author_customer,
                at=message.created_at,
            )
    attachments_store(files=files)
    customers_language_learn(learned=[(d.message.customer, d.language) for d in deliveries])
