from datetime import datetime
from typing import Any

from django.utils import timezone

from realdesk.accounts.models import Customer, Team, User
from realdesk.core.models import RawMessage
from realdesk.tickets.actions.customer_messages import (
    CustomerMessage,
    customer_messages_add,
    ticket_draft,
)
from realdesk.tickets.choices import Priority
from realdesk.tickets.events import Acknowledge
from realdesk.tickets.models import Message, Ticket


def ticket_open(**fields: Any) -> Ticket:
    """Open a ticket with the customer's first message; the customer now waits for us.
    Takes the fields of `ticket_open_message` and returns the new ticket."""
    return ticket_open_message(**fields).ticket


def ticket_open_message(
    *,
    customer: Customer,
    subject: str,
    body_text: str,
    channel: str,
    body_html: str = "",
    language: str = "",
    priority: str = Priority.NORMAL,
    team: Team | None = None,
    opened_by: User | None = None,
    external_id: str = "",
    raw: RawMessage | None = None,
    follow_up_of: Ticket | None = None,
    at: datetime | None = None,
    acknowledge: Acknowledge | None = None,
    savepoint: bool = True,
) -> Message:
    """Open a ticket with the customer's first message, which it returns (its `ticket` is
    the new ticket, as written): a caller answering with both need not read them again.

    `opened_by` is the agent who logged it (a phone call, say); the words are the customer's.
    `at` is for imports and replays that keep the original time. `acknowledge`: the
    channel asks that the customer be told by email it arrived (see `Acknowledge`).
    `savepoint`: as `customer_messages_add`'s.
    """
    when = at or timezone.now()
    draft = ticket_draft(
        customer=customer,
        subject=subject,
        body_text=body_text,
        channel=channel,
        language=language,
        priority=priority,
        team=team,
        follow_up_of=follow_up_of,
        at=when,
    )
    item = CustomerMessage(
        ticket=draft,
        customer=customer,
        body_text=body_text,
        channel=channel,
        body_html=body_html,
        external_id=external_id,
        raw=raw,
        at=when,
        opened_by=opened_by,
        acknowledge=acknowledge,
    )
    (message,) = customer_messages_add([item], savepoint=savepoint)
    return message
