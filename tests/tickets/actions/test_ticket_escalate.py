"""Escalation by rule: the reason on the ticket, priority only ever raised."""

import pytest

from factories import TeamFactory
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import ticket_escalate, ticket_set_status
from realdesk.tickets.choices import EventKind, Priority, Status

pytestmark = pytest.mark.django_db


def test_escalate_records_reason_and_changes(ticket, team):
    seniors = TeamFactory(name="Senior")
    ticket = ticket_escalate(
        ticket=ticket,
        code="frustration",
        reason="frustration: shouting",
        priority=Priority.HIGH,
        team=seniors,
        data={"rules": ["raise"]},
    )
    assert (ticket.priority, ticket.team) == (Priority.HIGH, seniors)
    kinds = list(ticket.events.order_by("pk").values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.ESCALATED, EventKind.PRIORITY_CHANGED, EventKind.TEAM_CHANGED]
    escalated = ticket.events.get(kind=EventKind.ESCALATED)
    assert (escalated.actor, escalated.after) == (None, "frustration")
    assert escalated.data == {"reason": "frustration: shouting", "rules": ["raise"]}


def test_escalation_never_lowers_priority(ticket):
    ticket_escalate(ticket=ticket, code="vip", reason="VIP", priority=Priority.URGENT)
    ticket = ticket_escalate(ticket=ticket, code="again", reason="again", priority=Priority.HIGH)
    assert ticket.priority == Priority.URGENT
    assert ticket.events.filter(kind=EventKind.PRIORITY_CHANGED).count() == 1


def test_closed_ticket_is_not_escalated(ticket, agent):
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent, reason="spam")
    ticket.refresh_from_db()
    ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent, reason="spam")
    with pytest.raises(ApplicationError):
        ticket_escalate(ticket=ticket, code="vip", reason="VIP")
    assert not ticket.events.filter(kind=EventKind.ESCALATED).exists()
