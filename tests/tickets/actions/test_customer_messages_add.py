"""Many customer messages at once end exactly as the same messages one at a time (tickets,
history, SLA clocks), in a few statements, and all or nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import CustomerFactory, open_ticket
from realdesk.core.errors import ApplicationError
from realdesk.sla.models import SLAPolicy, SLATarget
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.actions.customer_messages import (
    CustomerMessage,
    customer_messages_add,
    ticket_draft,
)
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db

START = timezone.now() - timedelta(days=1)


def world(agent):
    """A customer with a new ticket, one answered and solved, and one closed."""
    customer, earlier = CustomerFactory(), START - timedelta(hours=2)
    fresh = open_ticket(customer=customer, subject="Fresh", at=earlier)
    solved = open_ticket(customer=customer, subject="Solved", at=earlier)
    message_send(
        ticket=solved, agent=agent, body_text="Fixed?", status_after=Status.SOLVED, at=earlier
    )
    closed = open_ticket(customer=customer, subject="Closed", at=earlier)
    message_send(
        ticket=closed, agent=agent, body_text="Done.", status_after=Status.SOLVED, at=earlier
    )
    ticket_set_status(ticket=Ticket.objects.get(pk=closed.pk), status=Status.CLOSED, actor=agent)
    return customer, [Ticket.objects.get(pk=t.pk) for t in (fresh, solved, closed)]


def messages_for(customer, tickets):
    fresh, solved, closed = tickets
    draft = ticket_draft(customer=customer, subject="New", body_text="x", channel="email", at=START)
    into = [fresh, draft, draft, solved, closed, fresh]
    return [
        CustomerMessage(
            ticket=ticket,
            customer=customer,
            body_text=f"Message {n}",
            channel="email",
            at=START + timedelta(minutes=n),
        )
        for n, ticket in enumerate(into)
    ]


def snapshot(customer):
    """The customer's tickets, their history and clocks, without ids."""
    found = []
    for ticket in Ticket.objects.filter(customer=customer).order_by("pk"):
        events = [
            (e.kind, e.before, e.after, sorted(k for k in e.data if k != "message"))
            for e in ticket.events.order_by("created_at", "pk")
        ]
        clocks = [
            (t.metric, t.cycle, t.phase, t.due_at, t.elapsed)
            for t in SLATarget.objects.filter(ticket=ticket).order_by("metric", "cycle")
        ]
        bodies = list(ticket.messages.order_by("pk").values_list("body_text", flat=True))
        found.append(
            (
                ticket.subject,
                ticket.status,
                ticket.awaiting_reply_since,
                ticket.last_customer_message_at,
                events,
                clocks,
                bodies,
            )
        )
    return found


def test_together_ends_as_one_at_a_time(agent):
    SLAPolicy.objects.create(
        name="Around the clock",
        first_response=timedelta(hours=8),
        next_response=timedelta(hours=4),
        resolution=timedelta(hours=40),
    )
    one_by_one, tickets = world(agent)
    for item in messages_for(one_by_one, tickets):
        customer_messages_add([item])
    together, tickets = world(agent)
    messages = customer_messages_add(messages_for(together, tickets))

    assert snapshot(together) == snapshot(one_by_one)
    assert [m.body_text for m in messages] == [f"Message {n}" for n in range(6)]
    opened = snapshot(together)
    assert len(opened) == 5  # the draft opened once, the closed ticket followed up
    assert [status for _, status, *_ in opened] == [
        Status.NEW,
        Status.OPEN,  # reopened by the customer
        Status.CLOSED,
        Status.NEW,
        Status.NEW,
    ]
    # The customer writing into the solved ticket reopens it, then waits for an answer.
    reopened_clocks = opened[1][5]
    assert ("next_response", 1, "running") in [clock[:3] for clock in reopened_clocks]
    draft_ticket = messages[1].ticket
    assert messages[2].ticket == draft_ticket
    assert messages[4].ticket.follow_up_of == tickets[2]


def test_many_messages_cost_a_few_statements(agent):
    customer = CustomerFactory()
    tickets = [open_ticket(customer=customer, subject=f"T{n}") for n in range(10)]
    items = [
        CustomerMessage(ticket=ticket, customer=customer, body_text="More", channel="email")
        for ticket in tickets * 2
    ]
    drafts = [
        ticket_draft(customer=customer, subject=f"N{n}", body_text="x", channel="web", at=START)
        for n in range(5)
    ]
    items += [
        CustomerMessage(ticket=draft, customer=customer, body_text="New", channel="web")
        for draft in drafts
    ]
    with CaptureQueriesContext(connection) as captured:
        customer_messages_add(items)
    # lock, ticket numbers (2), tickets, messages, ticket updates, events, SLA policies and
    # clocks, webhook subscriptions, the savepoint: the same for 25 messages as for a few.
    statements = [q["sql"][:120] for q in captured.captured_queries]
    assert len(statements) <= 13, "\n".join(statements)
    assert Message.objects.filter(ticket__customer=customer).count() == 10 + 25


def test_one_bad_message_and_none_is_added(agent):
    customer = CustomerFactory()
    ticket = open_ticket(customer=customer)
    before = Message.objects.count()
    items = [
        CustomerMessage(ticket=ticket, customer=customer, body_text="Fine", channel="email"),
        CustomerMessage(ticket=ticket, customer=customer, body_text="  ", channel="email"),
    ]
    with pytest.raises(ApplicationError) as raised:
        customer_messages_add(items)
    assert raised.value.code == "empty_message"
    assert Message.objects.count() == before


def test_a_stranger_in_the_list_fails_the_list(agent):
    customer, stranger = CustomerFactory(), CustomerFactory()
    ticket = open_ticket(customer=customer)
    items = [
        CustomerMessage(ticket=ticket, customer=customer, body_text="Mine", channel="email"),
        CustomerMessage(ticket=ticket, customer=stranger, body_text="Let me in", channel="email"),
    ]
    with pytest.raises(ApplicationError) as raised:
        customer_messages_add(items)
    assert raised.value.code == "not_participant"
    assert ticket.messages.count() == 1
