"""The only way an Event is written: call `record_event` (or `record_events` for the
events of a change to many tickets) inside the change's transaction."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone

from realdesk.accounts.models import Customer, Team, User
from realdesk.tickets.models import Event, Ticket
from realdesk.tickets.reactions import dispatch_all


def person_ref(agent: User | None) -> dict[str, Any] | None:
    """How an agent appears in before/after: id for joins, name for humans reading history."""
    return None if agent is None else {"id": agent.pk, "name": str(agent)}


def team_ref(team: Team | None) -> dict[str, Any] | None:
    return None if team is None else {"id": team.pk, "name": team.name}


def event_new(
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
    """An Event not yet written: for `record_events`, which writes many at once."""
    return Event(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_customer=actor_customer,
        before=before,
        after=after,
        data=data or {},
        created_at=at or timezone.now(),
    )


def record_event(**event: Any) -> Event:
    """Write one Event (the arguments of `event_new`) and let other domains react."""
    (written,) = record_events([event_new(**event)])
    return written


def record_events(events: Sequence[Event]) -> list[Event]:
    """Write new Events in one statement, then let other domains react to them in order."""
    written = Event.objects.bulk_create(events)
    dispatch_all(written)
    return written
