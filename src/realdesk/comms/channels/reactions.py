"""An agent's answer reaches the customer through their channel's adapter, in the reply's
transaction (the outbox row commits with the reply, or neither does)."""

from realdesk.comms.channels.adapters import reply_deliver
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.events import ReplySent, event_message
from realdesk.tickets.models import Event


@reactions.in_transaction(EventKind.REPLY_SENT)
def reply_deliver_on_send(event: Event) -> None:
    reply_deliver(event_message(event, ReplySent))
