"""Agent replies on the email channel go out through the outbox, in the reply's transaction."""

from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbox import outbox_queue
from realdesk.comms.models import InboundEmail
from realdesk.tickets import reactions
from realdesk.tickets.choices import Channel, EventKind
from realdesk.tickets.events import record_event
from realdesk.tickets.models import Event, Message, Ticket


def customer_email_address(ticket: Ticket) -> str | None:
    """Where the customer last wrote from on this ticket, else their first email address."""
    last = (
        InboundEmail.objects.filter(ticket=ticket)
        .exclude(from_address="")
        .order_by("-received_at")
        .values_list("from_address", flat=True)
        .first()
    )
    if last:
        return last
    identity = ticket.customer.identities.filter(kind="email").order_by("created_at").first()
    return identity.value if identity else None


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
        subject=f"Re: [#{ticket.number}] {ticket.subject}",
        body_text=message.body_text,
        body_html=message.body_html,
        message=message,
    )
