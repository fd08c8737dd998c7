"""ticket_update: hand-set fields at once through the one-field actions, all or none."""

import pytest

from factories import AgentFactory, TeamFactory
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import TicketChanges, ticket_assign, ticket_update
from realdesk.tickets.choices import Direction, EventKind, Priority

pytestmark = pytest.mark.django_db


def test_taking_an_unowned_ticket_is_an_assignment(ticket, agent):
    changes = TicketChanges(given=frozenset({"owner"}), owner=agent)
    ticket = ticket_update(ticket=ticket, changes=changes, actor=agent)
    assert ticket.owner == agent
    assert not ticket.events.filter(data__handoff=True).exists()
    assert ticket.messages.count() == 1  # no notice: nobody had it before


def test_between_owners_with_a_note_is_a_transfer_the_customer_hears_of(ticket, agent, team):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    changes = TicketChanges(given=frozenset({"owner"}), owner=colleague, note="Refund is due")
    ticket = ticket_update(ticket=ticket, changes=changes, actor=colleague)
    assert ticket.owner == colleague
    event = ticket.events.filter(kind=EventKind.OWNER_CHANGED).last()
    assert (event.data["handoff"], event.data["note"]) == (True, "Refund is due")
    notice = ticket.messages.get(pk=event.data["customer_notice"])
    assert notice.direction == Direction.OUTBOUND
    assert "Mei Chen" in notice.body_text


@pytest.mark.parametrize("note", ["", "   "])
def test_between_owners_without_a_note_changes_nothing(ticket, agent, team, note):
    colleague = AgentFactory(teams=[team])
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    changes = TicketChanges(
        given=frozenset({"priority", "owner"}), priority=Priority.HIGH, owner=colleague, note=note
    )
    with pytest.raises(ApplicationError) as error:
        ticket_update(ticket=ticket, changes=changes, actor=colleague)
    assert error.value.code == "transfer_required"
    ticket.refresh_from_db()
    assert (ticket.owner, ticket.priority) == (agent, Priority.NORMAL)
    assert ticket.messages.count() == 1


def test_only_given_fields_change_and_the_team_goes_last(ticket, agent):
    billing = TeamFactory(name="Billing")
    changes = TicketChanges(
        given=frozenset({"team", "tags"}), team=billing, tags=["Refund"], priority=Priority.LOW
    )
    ticket = ticket_update(ticket=ticket, changes=changes, actor=agent)
    assert (ticket.team, ticket.priority) == (billing, Priority.NORMAL)
    assert list(ticket.tags.values_list("name", flat=True)) == ["refund"]
