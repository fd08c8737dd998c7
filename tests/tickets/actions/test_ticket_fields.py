"""Owner, priority, team and tags: each change is recorded with before and after."""

import pytest

from factories import AgentFactory, TeamFactory
from realdesk.accounts.choices import Role
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.tickets.actions import (
    ticket_assign,
    ticket_set_priority,
    ticket_set_tags,
    ticket_set_team,
)
from realdesk.tickets.choices import EventKind, Priority

pytestmark = pytest.mark.django_db


def test_assign_records_the_note_with_the_new_owner(ticket, agent, team):
    ticket = ticket_assign(ticket=ticket, owner=agent, actor=agent, note=" Knows the client ")
    assert ticket.owner == agent
    event = ticket.events.get(kind=EventKind.OWNER_CHANGED)
    assert (event.before, event.after) == (None, {"id": agent.pk, "name": str(agent)})
    assert event.data == {"note": "Knows the client"}


def test_assign_refuses_to_move_a_ticket_between_owners(ticket, agent, team):
    """From one owner to another is a transfer (handoff note, customer told), never this."""
    colleague = AgentFactory(teams=[team])
    ticket = ticket_assign(ticket=ticket, owner=agent, actor=agent)
    with pytest.raises(ApplicationError) as error:
        ticket_assign(ticket=ticket, owner=colleague, actor=colleague, note="Mine now")
    assert error.value.code == "transfer_required"
    ticket.refresh_from_db()
    assert ticket.owner == agent
    assert ticket.events.filter(kind=EventKind.OWNER_CHANGED).count() == 1


def test_assign_still_takes_the_owner_off(ticket, agent, team):
    ticket = ticket_assign(ticket=ticket, owner=agent, actor=agent)
    ticket = ticket_assign(ticket=ticket, owner=None, actor=agent)
    assert ticket.owner is None


def test_assign_to_same_owner_records_nothing(ticket, agent):
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    assert ticket.events.filter(kind=EventKind.OWNER_CHANGED).count() == 1


def test_read_only_agent_cannot_own(ticket, agent, read_only):
    with pytest.raises(ApplicationError) as error:
        ticket_assign(ticket=ticket, owner=read_only, actor=agent)
    assert error.value.code == "invalid_owner"


def test_priority_change_recorded(ticket, agent):
    ticket = ticket_set_priority(ticket=ticket, priority=Priority.URGENT, actor=agent)
    event = ticket.events.get(kind=EventKind.PRIORITY_CHANGED)
    assert (event.before, event.after) == (Priority.NORMAL, Priority.URGENT)
    with pytest.raises(ApplicationError):
        ticket_set_priority(ticket=ticket, priority="meh", actor=agent)


def test_team_change_recorded(ticket, team):
    lead = AgentFactory(role=Role.LEAD)
    billing = TeamFactory(name="Billing")
    ticket = ticket_set_team(ticket=ticket, team=billing, actor=lead)
    event = ticket.events.get(kind=EventKind.TEAM_CHANGED)
    assert event.before == {"id": team.pk, "name": "Support"}
    assert event.after == {"id": billing.pk, "name": "Billing"}


def test_agent_loses_sight_after_moving_ticket_to_other_team(ticket, agent):
    ticket = ticket_set_team(ticket=ticket, team=TeamFactory(name="Billing"), actor=agent)
    with pytest.raises(PermissionDeniedError):
        ticket_set_priority(ticket=ticket, priority=Priority.HIGH, actor=agent)


def test_tags_are_normalised_and_recorded(ticket, agent):
    ticket = ticket_set_tags(ticket=ticket, tags=["Billing ", "refund", "billing"], actor=agent)
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["billing", "refund"]
    ticket = ticket_set_tags(ticket=ticket, tags=["refund"], actor=agent)
    events = ticket.events.filter(kind=EventKind.TAGS_CHANGED)
    assert [(e.before, e.after) for e in events] == [
        ([], ["billing", "refund"]),
        (["billing", "refund"], ["refund"]),
    ]
