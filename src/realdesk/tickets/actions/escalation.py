from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from realdesk.accounts.models import Team
from realdesk.tickets.actions.common import check_not_closed, lock
from realdesk.tickets.choices import Priority
from realdesk.tickets.events import (
    Escalated,
    PriorityChanged,
    Reassigned,
    escalated,
    priority_changed,
    record_events,
    team_changed,
)
from realdesk.tickets.models import Ticket

PRIORITY_RANK = {value: rank for rank, value in enumerate(Priority.values)}


def ticket_escalate(
    *,
    ticket: Ticket,
    code: str,
    reason: str,
    priority: str | None = None,
    team: Team | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Ticket:
    """Escalate by rule, not by a person: the reason is recorded where every agent sees it.

    The priority is only ever raised (an escalation never makes a ticket less urgent)
    and the team moves only if it differs; each change has its own Event, with no
    actor, because the rule acted.
    """
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        check_not_closed(ticket)
        events = [
            escalated(
                ticket=ticket, after=code, payload=Escalated(reason=reason, **(data or {})), at=when
            )
        ]
        fields = []
        if priority and PRIORITY_RANK[priority] > PRIORITY_RANK[ticket.priority]:
            events.append(
                priority_changed(
                    ticket=ticket,
                    payload=PriorityChanged(reason=reason),
                    before=ticket.priority,
                    after=priority,
                    at=when,
                )
            )
            ticket.priority = priority
            fields.append("priority")
        if team is not None and ticket.team_id != team.pk:
            events.append(
                team_changed(
                    ticket=ticket,
                    before=ticket.team,
                    after=team,
                    actor=None,
                    payload=Reassigned(reason=reason),
                    at=when,
                )
            )
            ticket.team = team
            fields.append("team")
        ticket.updated_at = when
        ticket.save(update_fields=[*fields, "updated_at"])
        record_events(events)
    return ticket
