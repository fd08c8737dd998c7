"""The customer confirms a solve or reopens it, from the support center."""

import pytest

from factories import CustomerFactory
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import (
    message_send,
    ticket_customer_reopen,
    ticket_customer_solve,
    ticket_set_status,
)
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


def test_customer_solves_and_the_event_names_them(ticket):
    solved = ticket_customer_solve(ticket=ticket, customer=ticket.customer)
    assert solved.status == Status.SOLVED
    assert solved.solved_at is not None
    assert solved.awaiting_reply_since is None
    event = solved.events.filter(kind=EventKind.STATUS_CHANGED).get()
    assert (event.actor_customer, event.actor, event.after) == (ticket.customer, None, "solved")
    assert event.data == {"reason": "solved by the customer"}  # no promise to decide on


def test_the_customers_answer_about_open_promises_is_on_the_solve(ticket):
    ticket_customer_solve(ticket=ticket, customer=ticket.customer, open_promises="release")
    event = ticket.events.filter(kind=EventKind.STATUS_CHANGED).get()
    assert event.data == {
        "reason": "solved by the customer",
        "open_promises": "release",  # what we promised them is no longer owed
        "release_reason": "solved by the customer",
    }


def test_solving_twice_changes_nothing(ticket):
    ticket_customer_solve(ticket=ticket, customer=ticket.customer)
    ticket_customer_solve(ticket=ticket, customer=ticket.customer)
    assert ticket.events.filter(kind=EventKind.STATUS_CHANGED).count() == 1


def test_customer_reopens_and_waits_again(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Fixed.")
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    reopened = ticket_customer_reopen(ticket=ticket, customer=ticket.customer)
    assert reopened.status == Status.OPEN
    assert reopened.solved_at is None
    assert reopened.awaiting_reply_since is not None
    last = reopened.events.filter(kind=EventKind.STATUS_CHANGED).latest("pk")
    assert last.data["reopened"] is True
    assert last.actor_customer == ticket.customer


def test_only_a_solved_ticket_reopens(ticket):
    with pytest.raises(ApplicationError) as refused:
        ticket_customer_reopen(ticket=ticket, customer=ticket.customer)
    assert refused.value.code == "not_solved"
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_another_customer_cannot_touch_it(ticket):
    stranger = CustomerFactory()
    for action in (ticket_customer_solve, ticket_customer_reopen):
        with pytest.raises(ApplicationError) as refused:
            action(ticket=ticket, customer=stranger)
        assert refused.value.code == "not_participant"
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.events.count() == 1


def test_a_closed_ticket_stays_closed(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Fixed.")
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent)
    with pytest.raises(ApplicationError) as refused:
        ticket_customer_reopen(ticket=ticket, customer=ticket.customer)
    assert refused.value.code == "ticket_closed"
