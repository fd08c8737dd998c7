"""Agent replies on the email channel go out through the outbox, in the reply's transaction."""

from django.db.models import F

from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbox import outbox_queue, unflagged
from realdesk.comms.models import InboundEmail
from realdesk.tickets import reactions
from realdesk.tickets.choices import Channel, EventKind
from realdesk.tickets.events import record_event
from realdesk.tickets.models import Event, Message, Ticket
from realdesk.tickets.selectors import ticket_cc_addresses


def customer_email_address(ticket: Ticket) -> str | None:
    """Where the customer last wrote from on this ticket, else their first verified email
    address, else (a customer who only ever called) the first one staff added. Only the
    customer's own emails count: a copied person replying does not take the conversation
    over, and an address someone added does not take it from one the customer proved."""
    last = (
        InboundEmail.objects.filter(ticket=ticket, message__author_customer=ticket.customer_id)
        .exclude(from_address="")
        .order_by("-received_at")
        .values_list("from_address", flat=True)
        .first()
    )
    if last:
        return last
    identity = (
        ticket.customer.identities.filter(kind="email")
        .order_by(F("verified_at").asc(nulls_last=True), "created_at")
        .first()
    )
    return identity.value if identity else None


def copied_email_addresses(ticket: Ticket, *, besides: str) -> list[str]:
    """Who gets a copy of an agent's reply: the people the customer copied, except the
    addressee and addresses that bounced for good."""
    return unflagged([a for a in ticket_cc_addresses(ticket=ticket) if a != besides])


@reactions.in_transaction(EventKind.REPLY_SENT)
def email_reply_queue(event: Event) -> None:
    message = Message.objects.select_related("ticket").get(pk=event.data["message"])
    if message.channel != Channel.EMAIL:
        return
    ticket = message.ticket
    address = customer_email_address(ticket)
    if address is None:
        record_event(
            ticket=ticket,
            kind=EventKind.DELIVERY_FAILED,
            data={"message": message.pk, "error": "the customer has no email address"},
        )
        return
    outbox_queue(
        kind=OutboundKind.REPLY,
        ticket=ticket,
        to_address=address,
        cc_addresses=copied_email_addresses(ticket, besides=address),
        subject=f"Re: [#{ticket.number}] {ticket.subject}",
        body_text=message.body_text,
        body_html=message.body_html,
        message=message,
    )


def _notify_customer(*, ticket: Ticket, text: str, message: Message | None = None) -> None:
    """An update the customer must get even though no agent wrote it (a transfer, a
    promise), by email when we have their address; each message is mailed once."""
    address = customer_email_address(ticket)
    if address is None or (message and message.outbound_emails.exists()):
        return
    outbox_queue(
        kind=OutboundKind.NOTIFICATION,
        ticket=ticket,
        to_address=address,
        subject=f"[#{ticket.number}] {ticket.subject}",
        body_text=text,
        message=message,
    )


@reactions.in_transaction(EventKind.OWNER_CHANGED, EventKind.TEAM_CHANGED)
def email_handoff_notice(event: Event) -> None:
    """A transfer tells the customer who has their request now."""
    notice_id = event.data.get("customer_notice")
    if notice_id:
        message = Message.objects.get(pk=notice_id)
        _notify_customer(ticket=event.ticket, text=message.body_text, message=message)


@reactions.in_transaction(EventKind.PROMISE_CHANGED)
def email_promise_notice(event: Event) -> None:
    """The customer hears of a promise when it is made, and honestly when it is missed,
    in the words the promise recorded for them (`sla.promises.promise_notice`)."""
    if event.after in ("made", "missed") and event.data.get("customer_notice"):
        _notify_customer(ticket=event.ticket, text=event.data["customer_notice"])


@reactions.in_transaction(EventKind.SLA_CHANGED)
def email_eta_retold(event: Event) -> None:
    """The customer hears a new answer time before the one they were told passes."""
    if event.after == "eta_retold" and event.data.get("customer_notice"):
        _notify_customer(ticket=event.ticket, text=event.data["customer_notice"])
