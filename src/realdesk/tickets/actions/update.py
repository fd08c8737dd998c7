"""Several hand-set fields of one ticket changed at once, all or none (the API's PATCH).

It composes the one-field actions rather than repeating them, so each rule stays in one
place: moving the ticket from one owner to another is a transfer (`ticket_transfer`, with
the handoff note and the customer's notice) and needs the note; without one,
`ticket_assign` refuses with `transfer_required`.
"""

from dataclasses import dataclass, field

from django.db import transaction

from realdesk.accounts.models import Team, User
from realdesk.tickets.actions.common import lock
from realdesk.tickets.actions.fields import (
    ticket_assign,
    ticket_set_priority,
    ticket_set_tags,
    ticket_set_team,
)
from realdesk.tickets.actions.status import ticket_set_status
from realdesk.tickets.actions.transfer import ticket_transfer
from realdesk.tickets.models import Ticket


@dataclass(frozen=True, kw_only=True)
class TicketChanges:
    """What to change; only the fields named in `given` change (a None owner or team is a
    change to nobody, not a field left alone). `reason`, `open_promises` and
    `release_reason` go with the status, `note` with the owner."""

    given: frozenset[str]
    tags: list[str] = field(default_factory=list)
    priority: str = ""
    status: str = ""
    reason: str = ""
    open_promises: str = ""
    release_reason: str = ""
    owner: User | None = None
    note: str = ""
    team: Team | None = None


def _is_transfer(ticket: Ticket, owner: User | None, note: str) -> bool:
    """From one owner to another, with the handoff note a transfer needs."""
    return bool(ticket.owner_id and owner and owner.pk != ticket.owner_id and note.strip())


def ticket_update(*, ticket: Ticket, changes: TicketChanges, actor: User) -> Ticket:
    """Apply the changes in one transaction. The team goes last: moving the ticket to a
    team the actor is not in takes it out of their hands."""
    given = changes.given
    with transaction.atomic():
        ticket = lock(ticket)  # who owns it now decides between assigning and transferring
        if "tags" in given:
            ticket = ticket_set_tags(ticket=ticket, tags=changes.tags, actor=actor)
        if "priority" in given:
            ticket = ticket_set_priority(ticket=ticket, priority=changes.priority, actor=actor)
        if "status" in given:
            ticket = ticket_set_status(
                ticket=ticket,
                status=changes.status,
                reason=changes.reason,
                open_promises=changes.open_promises,
                release_reason=changes.release_reason,
                actor=actor,
            )
        if "owner" in given:
            move = (
                ticket_transfer
                if _is_transfer(ticket, changes.owner, changes.note)
                else ticket_assign
            )
            ticket = move(ticket=ticket, owner=changes.owner, note=changes.note, actor=actor)
        if "team" in given:
            ticket = ticket_set_team(ticket=ticket, team=changes.team, actor=actor)
    return ticket
