from datetime import datetime

from django.db import transaction
from django.utils import timezone

from realdesk.accounts.models import Customer, Team, User
from realdesk.comms.models import RawMessage
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import clean_subject, next_ticket_number
from realdesk.tickets.choices import Channel, Direction, EventKind, Priority
from realdesk.tickets.events import record_event, team_ref
from realdesk.tickets.models import Message, Ticket


def ticket_open(
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
) -> Ticket:
    """Open a ticket with the customer's first message; the customer now waits for us.

    `opened_by` is the agent who logged it (a phone call, say); the words are the customer's.
    `at` is for imports and replays that keep the original time.
    """
    if channel not in Channel.values:
        raise ApplicationError(f"Unknown channel {channel!r}", code="invalid_channel")
    if priority not in Priority.values:
        raise ApplicationError(f"Unknown priority {priority!r}", code="invalid_priority")
    if not body_text.strip() and not body_html.strip():
        raise ApplicationError("A request needs a message.", code="empty_message")
    when = at or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            number=next_ticket_number(),
            subject=clean_subject(subject, body_text),
            priority=priority,
            customer=customer,
            team=team,
            channel=channel,
            language=language or customer.language,
            follow_up_of=follow_up_of,
            created_at=when,
            updated_at=when,
            last_customer_message_at=when,
            awaiting_reply_since=when,
        )
        message = Message.objects.create(
            ticket=ticket,
            direction=Direction.INBOUND,
            channel=channel,
            author_customer=customer,
            body_text=body_text,
            body_html=body_html,
            raw=raw,
            external_id=external_id,
            created_at=when,
        )
        record_event(
            ticket=ticket,
            kind=EventKind.CREATED,
            actor=opened_by,
            actor_customer=None if opened_by else customer,
            after={
                "subject": ticket.subject,
                "status": ticket.status,
                "priority": ticket.priority,
                "channel": channel,
                "team": team_ref(team),
            },
            data={
                "message": message.pk,
                **({"follow_up_of": follow_up_of.number} if follow_up_of else {}),
            },
            at=when,
        )
    return ticket
