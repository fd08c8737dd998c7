from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from realdesk.accounts.models import Team, User
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import (
    OWNER_FIELDS,
    check_can_own,
    check_not_closed,
    lock,
    owner_set,
)
from realdesk.tickets.choices import Priority
from realdesk.tickets.events import (
    PriorityChanged,
    Reassigned,
    TagsChanged,
    owner_changed,
    priority_changed,
    record_events,
    tags_changed,
    team_changed,
)
from realdesk.tickets.models import Event, Tag, Ticket
from realdesk.tickets.permissions import check_can_work_on


def _save(ticket: Ticket, events: list[Event], *fields: str) -> None:
    """Save the change, then write its events: reactions see the ticket as changed."""
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=[*fields, "updated_at"])
    record_events(events)


def ticket_assign(*, ticket: Ticket, owner: User | None, actor: User, note: str = "") -> Ticket:
    """Give an unowned ticket its one named owner, or take the owner off; the note travels
    with the change. Moving it from one owner to another is a transfer (P4: the handoff
    note and the customer's notice), so it is refused here rather than done silently."""
    check_can_own(owner)
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(actor, ticket)
        check_not_closed(ticket)
        if ticket.owner_id == (owner.pk if owner else None):
            return ticket
        if ticket.owner_id is not None and owner is not None:
            raise ApplicationError(
                gettext(
                    "Ticket #%(number)s belongs to %(owner)s: transfer it with a handoff note, "
                    "so the next owner knows what is going on and the customer is told who "
                    "has it now."
                )
                % {"number": ticket.number, "owner": ticket.owner},
                code="transfer_required",
            )
        event = owner_changed(
            ticket=ticket,
            before=ticket.owner,
            after=owner,
            actor=actor,
            payload=Reassigned(note=note.strip()) if note.strip() else Reassigned(),
        )
        owner_set(ticket, owner, event.created_at)
        _save(ticket, [event], *OWNER_FIELDS)
    return ticket


def ticket_set_priority(*, ticket: Ticket, priority: str, actor: User) -> Ticket:
    if priority not in Priority.values:
        raise ApplicationError(
            gettext("Unknown priority %(priority)r") % {"priority": priority},
            code="invalid_priority",
        )
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(actor, ticket)
        check_not_closed(ticket)
        if ticket.priority == priority:
            return ticket
        event = priority_changed(
            ticket=ticket,
            payload=PriorityChanged(),
            actor=actor,
            before=ticket.priority,
            after=priority,
        )
        ticket.priority = priority
        _save(ticket, [event], "priority")
    return ticket


def ticket_set_team(*, ticket: Ticket, team: Team | None, actor: User) -> Ticket:
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(actor, ticket)
        check_not_closed(ticket)
        if ticket.team_id == (team.pk if team else None):
            return ticket
        event = team_changed(
            ticket=ticket, before=ticket.team, after=team, actor=actor, payload=Reassigned()
        )
        ticket.team = team
        _save(ticket, [event], "team")
    return ticket


def ticket_set_tags(*, ticket: Ticket, tags: Iterable[str], actor: User) -> Ticket:
    """Replace the ticket's tags; names are slugified so `Billing ` and `billing` are one tag."""
    names = sorted({slugify(name, allow_unicode=True) for name in tags} - {""})
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(actor, ticket)
        before = sorted(ticket.tags.values_list("name", flat=True))
        if before == names:
            return ticket
        ticket.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])
        event = tags_changed(
            ticket=ticket, payload=TagsChanged(), actor=actor, before=before, after=names
        )
        _save(ticket, [event])
    return ticket
