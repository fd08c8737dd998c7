import pytest

from factories import open_ticket
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import message_send, ticket_cc_add, ticket_merge
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


def test_merge_moves_history_and_closes_source(ticket, customer, agent, team):
    target = open_ticket(customer=customer, team=team, subject="Same problem")
    message_send(ticket=target, agent=agent, body_text="On it")
    result = ticket_merge(source=ticket, target=target, actor=agent)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.merged_into == result
    assert ticket.messages.count() == 0
    assert result.messages.count() == 3
    assert list(result.messages.values_list("created_at", flat=True)) == sorted(
        result.messages.values_list("created_at", flat=True)
    )
    source_event = ticket.events.get(kind=EventKind.MERGED)
    assert source_event.data == {"into": target.number, "messages_moved": 1}
    target_event = result.events.get(kind=EventKind.MERGED)
    assert target_event.data == {"from": ticket.number, "messages_moved": 1}
    # the source customer was still waiting: the target is open again and shows the wait
    assert result.status == Status.OPEN
    assert result.awaiting_reply_since == ticket.created_at


def test_cannot_merge_into_itself_or_into_closed(ticket, customer, agent, team):
    with pytest.raises(ApplicationError):
        ticket_merge(source=ticket, target=ticket, actor=agent)
    other = open_ticket(customer=customer, team=team)
    ticket_merge(source=other, target=ticket, actor=agent)
    with pytest.raises(ApplicationError) as error:
        ticket_merge(source=ticket, target=other, actor=agent)
    assert error.value.code == "ticket_merged"


def test_people_copied_on_the_source_keep_getting_the_replies(ticket, customer, agent, team):
    target = open_ticket(customer=customer, team=team, subject="Same problem")
    ticket_cc_add(ticket=target, addresses=["bob@example.org"], actor_customer=customer)
    ticket_cc_add(
        ticket=ticket, addresses=["bob@example.org", "carol@example.org"], actor_customer=customer
    )
    ticket_merge(source=ticket, target=target, actor=agent)
    assert [cc.address for cc in target.ccs.all()] == ["bob@example.org", "carol@example.org"]
    assert ticket.events.get(kind=EventKind.MERGED).data["ccs_moved"] == ["carol@example.org"]
