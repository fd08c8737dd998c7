import pytest

from factories import AgentFactory, TeamFactory
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.tickets.actions import ticket_assign, ticket_transfer
from realdesk.tickets.choices import Direction, EventKind

pytestmark = pytest.mark.django_db


def test_transfer_to_a_person_keeps_the_note_and_tells_the_customer(agent, team, ticket):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    ticket_assign(ticket=ticket, owner=agent, actor=agent)

    ticket_transfer(ticket=ticket, actor=agent, owner=colleague, note=" Needs a DB fix. ")

    ticket.refresh_from_db()
    assert ticket.owner == colleague
    assert ticket.team == team
    event = ticket.events.filter(kind=EventKind.OWNER_CHANGED).last()
    assert event.data["handoff"] is True
    assert event.data["note"] == "Needs a DB fix."
    assert event.after == {"id": colleague.pk, "name": "Mei Chen"}
    notice = ticket.messages.get(pk=event.data["customer_notice"])
    assert notice.direction == Direction.OUTBOUND
    assert notice.author_agent is None
    assert notice.body_text == f"Your request #{ticket.number} is now looked after by Mei Chen."
    assert ticket.awaiting_reply_since is not None  # a notice is not an answer


def test_transfer_to_a_team_leaves_it_unowned_in_that_queue(agent, ticket):
    billing = TeamFactory(name="Billing")
    ticket_assign(ticket=ticket, owner=agent, actor=agent)

    ticket_transfer(ticket=ticket, actor=agent, team=billing, note="Refund question")

    ticket.refresh_from_db()
    assert (ticket.team, ticket.owner) == (billing, None)
    kinds = list(ticket.events.filter(data__handoff=True).values_list("kind", flat=True))
    assert kinds == [EventKind.TEAM_CHANGED, EventKind.OWNER_CHANGED]
    assert ticket.messages.last().body_text.endswith("by our Billing team.")


@pytest.mark.parametrize(
    ("note", "target", "code"),
    [("  ", "team", "note_required"), ("Why", None, "no_target")],
)
def test_transfer_refuses_without_note_or_target_and_changes_nothing(
    agent, ticket, note, target, code
):
    before = (ticket.events.count(), ticket.messages.count())
    with pytest.raises(ApplicationError) as error:
        ticket_transfer(
            ticket=ticket, actor=agent, note=note, team=TeamFactory() if target else None
        )
    assert error.value.code == code
    assert (ticket.events.count(), ticket.messages.count()) == before


def test_read_only_cannot_transfer(read_only, agent, ticket):
    with pytest.raises(PermissionDeniedError):
        ticket_transfer(ticket=ticket, actor=read_only, owner=agent, note="Over to you")
    ticket.refresh_from_db()
    assert ticket.owner is None
    assert ticket.messages.count() == 1


def test_transfer_to_where_it_already_is_is_refused(agent, ticket):
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    with pytest.raises(ApplicationError, match="already there"):
        ticket_transfer(ticket=ticket, actor=agent, owner=agent, note="to me")
