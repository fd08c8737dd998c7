"""Ticket events become webhook deliveries in the event's own transaction (an outbox)."""

from realdesk.tickets import reactions
from realdesk.tickets.models import Event
from realdesk.webhooks.outbox import deliveries_queue
from realdesk.webhooks.payloads import WATCHED_KINDS, event_type_of


@reactions.in_transaction(*WATCHED_KINDS)
def webhooks_queue(event: Event) -> None:
    event_type = event_type_of(event)
    if event_type:
        deliveries_queue(event=event, event_type=event_type)
