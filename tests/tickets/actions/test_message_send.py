import pytest

from factories import AgentFactory
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.core.registry import Registry
from realdesk.tickets import reactions
from realdesk.tickets.actions import message_receive, message_send, note_add
from realdesk.tickets.choices import Direction, EventKind, Status
from realdesk.tickets.events import ReplySent, payload_of
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_first_reply_answers_takes_ownership_and_waits_on_customer(ticket, agent):
    message = message_send(ticket=ticket, agent=agent, body_text="Hello, looking into it")
    ticket.refresh_from_db()
    assert message.direction == Direction.OUTBOUND
    assert ticket.first_response_at == message.created_at
    assert ticket.awaiting_reply_since is None
    assert ticket.owner == agent
    assert ticket.status == Status.PENDING
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.REPLY_SENT,
        EventKind.OWNER_CHANGED,
        EventKind.STATUS_CHANGED,
    ]
    owner_event = ticket.events.get(kind=EventKind.OWNER_CHANGED)
    assert owner_event.after == {"id": agent.pk, "name": str(agent)}
    assert owner_event.data == {"reason": "first reply"}


def test_reply_goes_out_on_the_channel_the_customer_last_used(ticket, customer, agent):
    message_receive(ticket=ticket, customer=customer, body_text="on chat now", channel="chat")
    message = message_send(ticket=ticket, agent=agent, body_text="Hi")
    assert message.channel == "chat"


def test_second_reply_keeps_first_response_time_and_owner(ticket, agent, team):
    first = message_send(ticket=ticket, agent=agent, body_text="One", status_after=None)
    colleague = AgentFactory(teams=[team])
    message_send(ticket=ticket, agent=colleague, body_text="Two", status_after=None)
    ticket.refresh_from_db()
    assert ticket.first_response_at == first.created_at
    assert ticket.owner == agent
    assert ticket.status == Status.OPEN


def test_note_is_internal_and_does_not_answer(ticket, agent):
    note = note_add(ticket=ticket, agent=agent, body_text="Customer is a VIP")
    ticket.refresh_from_db()
    assert note.direction == Direction.NOTE
    assert ticket.first_response_at is None
    assert ticket.awaiting_reply_since is not None
    assert ticket.events.filter(kind=EventKind.NOTE_ADDED, actor=agent).count() == 1


def test_read_only_cannot_reply_or_note(ticket, read_only):
    with pytest.raises(PermissionDeniedError):
        message_send(ticket=ticket, agent=read_only, body_text="hi")
    with pytest.raises(PermissionDeniedError):
        note_add(ticket=ticket, agent=read_only, body_text="hi")
    assert ticket.messages.count() == 1


def test_agent_outside_team_cannot_reply(ticket):
    outsider = AgentFactory()
    with pytest.raises(PermissionDeniedError):
        message_send(ticket=ticket, agent=outsider, body_text="hi")


def test_empty_reply_refused(ticket, agent):
    with pytest.raises(ApplicationError):
        message_send(ticket=ticket, agent=agent, body_text="  ")
    assert ticket.events.count() == 1


def test_a_reaction_to_the_reply_sees_the_finished_change(ticket, agent, monkeypatch):
    """Reactions run once the action's change is final: one that reads the ticket when the
    reply is sent (say, to pick the reply's channel or clock) sees its new owner, status and
    first response, not the ticket as it was before the reply."""
    seen = []

    def look(event):
        saved = Ticket.objects.get(pk=event.ticket_id)
        reply = payload_of(event, ReplySent)
        seen.append((saved.owner_id, saved.status, saved.first_response_at, reply["message"]))

    registry = Registry("in transaction")
    for handler, kinds in reactions._in_transaction.items():
        registry.register(handler, kinds)
    monkeypatch.setattr(reactions, "_in_transaction", registry)
    reactions.in_transaction(EventKind.REPLY_SENT)(look)  # after the real ones, as they run

    message = message_send(ticket=ticket, agent=agent, body_text="On it")

    assert seen == [(agent.pk, Status.PENDING, message.created_at, message.pk)]
