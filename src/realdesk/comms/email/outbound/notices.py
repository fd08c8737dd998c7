"""Mail the customer hears of a ticket's changes by: queued through the outbound service
(comms/outbound.py) in the transaction of the change."""

from realdesk.comms.outbound import customer_notice
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.events import PromiseChanged, Reassigned, SlaChanged, payload_of
from realdesk.tickets.models import Event, Message


@reactions.in_transaction(EventKind.OWNER_CHANGED, EventKind.TEAM_CHANGED)
def email_handoff_notice(event: Event) -> None:
    """A transfer tells the customer who has their request now."""
    notice_id = payload_of(event, Reassigned).get("customer_notice")
    if notice_id:
        message = Message.objects.get(pk=notice_id)
        customer_notice(ticket=event.ticket, text=message.body_text, message=message)


@reactions.in_transaction(EventKind.PROMISE_CHANGED)
def email_promise_notice(event: Event) -> None:
    """The customer hears of a promise when it is made, and honestly when it is missed or
    an agent lets it go, in the words the promise recorded for them
    (`sla.promises.promise_notice`)."""
    notice = payload_of(event, PromiseChanged).get("customer_notice")
    if event.after in {"made", "missed", "released"} and notice:
        customer_notice(ticket=event.ticket, text=notice)


@reactions.in_transaction(EventKind.SLA_CHANGED)
def email_eta_retold(event: Event) -> None:
    """The customer hears a new answer time before the one they were told passes."""
    notice = payload_of(event, SlaChanged).get("customer_notice")
    if event.after == "eta_retold" and notice:
        customer_notice(ticket=event.ticket, text=notice)
