from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from realdesk.accounts.models import Team, User
from realdesk.core.errors import ApplicationError
from realdesk.core.notices import notice_render
from realdesk.tickets.actions.common import (
    OWNER_FIELDS,
    check_can_own,
    check_not_closed,
    lock,
    owner_set,
)
from realdesk.tickets.choices import Direction
from realdesk.tickets.events import Reassigned, owner_changed, record_events, team_changed
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import check_can_work_on
from realdesk.tickets.selectors import ticket_reply_channel


def _customer_notice(*, ticket: Ticket, owner: User | None, team: Team | None) -> str:
    """In the language the customer reads our mail in (the Message keeps these words), from
    its template (tickets/customer/<language>/handoff.txt)."""
    return notice_render(
        "tickets/handoff",
        language=mail_language(ticket.customer, ticket=ticket),
        context=lambda _: {
            "number": ticket.number,
            "owner": str(owner) if owner else "",
            "team": team.name if team else "",
        },
    )


def ticket_transfer(
    *, ticket: Ticket, actor: User, note: str, owner: User | None = None, team: Team | None = None
) -> Ticket:
    """Hand the ticket to another person or team, never silently.

    The handoff note is what the next owner reads first; the customer gets a message from
    RealDesk saying who has their request now (sent by the outbox with the other outbound
    messages). A transfer to a team alone leaves the ticket unowned in that team's queue,
    so whoever takes it next is its one named owner.
    """
    note = note.strip()
    if not note:
        raise ApplicationError(
            _("Write a handoff note: the next owner reads it before anything else."),
            code="note_required",
        )
    if owner is None and team is None:
        raise ApplicationError(_("Choose the person or the team to transfer to."), code="no_target")
    check_can_own(owner)
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(actor, ticket)
        check_not_closed(ticket)
        new_team = team or ticket.team
        team_moves = ticket.team_id != (new_team.pk if new_team else None)
        owner_moves = ticket.owner_id != (owner.pk if owner else None)
        if not (team_moves or owner_moves):
            raise ApplicationError(_("The ticket is already there."), code="no_change")
        when = timezone.now()
        notice = Message.objects.create(
            ticket=ticket,
            direction=Direction.OUTBOUND,
            channel=ticket_reply_channel(ticket=ticket),
            body_text=_customer_notice(ticket=ticket, owner=owner, team=team),
            created_at=when,
        )
        data = Reassigned(handoff=True, note=note, customer_notice=notice.pk)
        events = [
            build(ticket=ticket, before=before, after=after, actor=actor, payload=data, at=when)
            for moves, build, before, after in (
                (team_moves, team_changed, ticket.team, new_team),
                (owner_moves, owner_changed, ticket.owner, owner),
            )
            if moves
        ]
        if owner_moves:
            owner_set(ticket, owner, when)
        ticket.team, ticket.updated_at = new_team, when
        ticket.save(update_fields=["team", *OWNER_FIELDS, "updated_at"])
        record_events(events)
    return ticket
