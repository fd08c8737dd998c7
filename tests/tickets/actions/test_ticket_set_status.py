"""Every allowed transition records its Event; every other one is refused and changes nothing."""

import pytest

from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Ticket
from realdesk.tickets.workflow import ALLOWED_TRANSITIONS

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(a, b) for a in Status.values for b in Status.values if a != b]


def ticket_in(status: str, ticket: Ticket) -> Ticket:
    """Put a ticket into a status through the test database, not the actions under test."""
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS)
def test_transition(current, new, ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="answer", status_after=None)
    ticket = ticket_in(current, ticket)
    events_before = ticket.events.count()
    if new in ALLOWED_TRANSITIONS[current]:
        ticket = ticket_set_status(ticket=ticket, status=new, actor=agent)
        assert Ticket.objects.get(pk=ticket.pk).status == new
        event = ticket.events.last()
        assert (event.kind, event.before, event.after, event.actor) == (
            EventKind.STATUS_CHANGED,
            current,
            new,
            agent,
        )
        assert ticket.events.count() == events_before + 1
    else:
        with pytest.raises(ApplicationError) as error:
            ticket_set_status(ticket=ticket, status=new, actor=agent)
        assert error.value.code == "invalid_transition"
        assert Ticket.objects.get(pk=ticket.pk).status == current
        assert ticket.events.count() == events_before


def test_solving_sets_and_reopening_clears_solved_at(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="done")
    ticket = ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    assert ticket.solved_at is not None
    ticket = ticket_set_status(ticket=ticket, status=Status.OPEN, actor=agent)
    assert ticket.solved_at is None
    assert ticket.events.last().data == {"reopened": True}


def test_unanswered_ticket_cannot_be_solved_without_reason(ticket, agent):
    with pytest.raises(ApplicationError) as error:
        ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    assert error.value.code == "reason_required"
    ticket = ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent, reason="Spam")
    assert ticket.close_reason == "Spam"
    assert ticket.events.last().data == {"reason": "Spam"}


def test_unknown_status_refused(ticket, agent):
    with pytest.raises(ApplicationError):
        ticket_set_status(ticket=ticket, status="lost", actor=agent)


def test_read_only_cannot_change_status(ticket, read_only):
    from realdesk.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        ticket_set_status(ticket=ticket, status=Status.OPEN, actor=read_only)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
