import pytest

from factories import CustomerFactory
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import (
    message_receive,
    message_send,
    ticket_cc_add,
    ticket_set_status,
)
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def receive(ticket, customer, text="More details", channel="email"):
    return message_receive(ticket=ticket, customer=customer, body_text=text, channel=channel)


def test_customer_message_on_new_ticket_keeps_wait_and_records_event(ticket, customer):
    waiting_since = ticket.awaiting_reply_since
    message = receive(ticket, customer, channel="chat")
    ticket.refresh_from_db()
    assert message.ticket == ticket
    assert ticket.status == Status.NEW
    assert ticket.awaiting_reply_since == waiting_since
    assert ticket.last_customer_message_at == message.created_at
    event = ticket.events.get(kind=EventKind.MESSAGE_RECEIVED)
    assert event.actor_customer == customer
    assert event.data == {"message": message.pk, "channel": "chat"}


def test_reply_to_pending_ticket_reopens_it(ticket, customer, agent):
    message_send(ticket=ticket, agent=agent, body_text="Try this")
    message = receive(ticket, customer)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.awaiting_reply_since == message.created_at
    change = ticket.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert (change.before, change.after) == (Status.PENDING, Status.OPEN)
    assert change.actor_customer == customer


def test_reply_to_solved_ticket_reopens_and_says_so(ticket, customer, agent):
    message_send(ticket=ticket, agent=agent, body_text="Fixed", status_after=Status.SOLVED)
    receive(ticket, customer, text="Still broken")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.solved_at is None
    change = ticket.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert change.data["reopened"] is True


def test_message_to_closed_ticket_opens_follow_up(ticket, customer, agent):
    message_send(ticket=ticket, agent=agent, body_text="Fixed", status_after=Status.SOLVED)
    ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent)
    message = receive(ticket, customer, text="New problem")
    follow_up = message.ticket
    assert follow_up.pk != ticket.pk
    assert follow_up.follow_up_of == ticket
    assert follow_up.subject == ticket.subject
    assert follow_up.events.get().data["follow_up_of"] == ticket.number
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.messages.count() == 2


def test_stranger_cannot_write_into_ticket(ticket):
    stranger = CustomerFactory()
    with pytest.raises(ApplicationError) as error:
        receive(ticket, stranger)
    assert error.value.code == "not_participant"
    assert ticket.messages.count() == 1


def test_message_to_merged_ticket_lands_on_target(ticket, customer, agent):
    from factories import open_ticket
    from realdesk.tickets.actions import ticket_merge

    target = open_ticket(customer=customer, team=ticket.team)
    ticket_merge(source=ticket, target=target, actor=agent)
    message = receive(Ticket.objects.get(pk=ticket.pk), customer)
    assert message.ticket == target


def test_empty_message_refused(ticket, customer):
    with pytest.raises(ApplicationError):
        receive(ticket, customer, text=" \n ")
    assert ticket.messages.count() == 1


def copied_person(ticket):
    person = CustomerFactory()
    ticket_cc_add(
        ticket=ticket, addresses=[person.identities.get().value], actor_customer=ticket.customer
    )
    return person


def test_copied_person_writes_in_when_the_caller_allows_it(ticket, customer, agent):
    bob = copied_person(ticket)
    message_send(ticket=ticket, agent=agent, body_text="Try this")
    message = message_receive(
        ticket=ticket, customer=bob, body_text="Bob here", channel="email", as_cc=True
    )
    ticket.refresh_from_db()
    assert message.ticket == ticket
    assert message.author_customer == bob
    assert ticket.customer == customer
    # The customer's side waits for us again, as when the customer writes.
    assert ticket.status == Status.OPEN
    assert ticket.awaiting_reply_since == message.created_at
    assert ticket.last_customer_message_at == message.created_at
    event = ticket.events.get(kind=EventKind.MESSAGE_RECEIVED)
    assert event.actor_customer == bob
    assert event.data == {"message": message.pk, "channel": "email", "cc": True}
    change = ticket.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert (change.after, change.data["reason"]) == (Status.OPEN, "copied person wrote")


def test_copied_person_is_refused_unless_the_caller_allows_it(ticket):
    bob = copied_person(ticket)
    with pytest.raises(ApplicationError) as error:
        receive(ticket, bob)
    assert error.value.code == "not_participant"
    assert ticket.messages.count() == 1


def test_stranger_is_refused_even_when_copied_people_are_allowed(ticket):
    copied_person(ticket)
    stranger = CustomerFactory()
    with pytest.raises(ApplicationError) as error:
        message_receive(
            ticket=ticket, customer=stranger, body_text="Let me in", channel="email", as_cc=True
        )
    assert error.value.code == "not_participant"
    assert "nor copied on it" in error.value.message
    assert ticket.messages.count() == 1


def test_copied_person_writing_to_closed_ticket_gets_a_follow_up_of_their_own(
    ticket, customer, agent
):
    bob = copied_person(ticket)
    message_send(ticket=ticket, agent=agent, body_text="Fixed", status_after=Status.SOLVED)
    ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent)
    message = message_receive(
        ticket=ticket, customer=bob, body_text="Again", channel="email", as_cc=True
    )
    assert message.ticket != ticket
    assert message.ticket.customer == bob
    assert message.ticket.follow_up_of == ticket
    ticket.refresh_from_db()
    assert ticket.customer == customer
