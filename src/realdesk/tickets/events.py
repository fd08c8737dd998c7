"""The only way an Event is written: call `record_event` inside the change's transaction."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from realdesk.accounts.models import Customer, Team, User
from realdesk.tickets.models import Event, Ticket
from realdesk.tickets.reactions import dispatch


def person_ref(agent: User | None) -> dict[str, Any] | None:
    """How an agent appears in before/after: id for joins, name for humans reading history."""
    return None if agent is None else {"id": agent.pk, "name": str(agent)}


def team_ref(team: Team | None) -> dict[str, Any] | None:
    return None if team is None else {"id": team.pk, "name": team.name}


def record_event(
    *,
    ticket: Ticket,
    kind: str,
    actor: User | None = None,
    actor_customer: Customer | None = None,
    before: Any = None,
    after: Any = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    event = Event.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_customer=actor_customer,
        before=before,
        after=after,
        data=data or {},
        created_at=at or timezone.now(),
    )
    dispatch(event)
    return event
