import pytest

from factories import AgentFactory, CustomerFactory, open_ticket
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import ticket_open
from realdesk.tickets.choices import Direction, EventKind, Status
from realdesk.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db


def test_open_records_ticket_first_message_and_created_event(customer, team):
    ticket = open_ticket(customer=customer, team=team, subject="  Refund\r\n please ")
    assert ticket.number >= 1001
    assert ticket.subject == "Refund please"
    assert ticket.status == Status.NEW
    assert ticket.awaiting_reply_since == ticket.created_at
    message = ticket.messages.get()
    assert message.direction == Direction.INBOUND
    assert message.author_customer == customer
    event = ticket.events.get()
    assert event.kind == EventKind.CREATED
    assert event.actor_customer == customer
    assert event.after["status"] == Status.NEW
    assert event.after["team"] == {"id": team.pk, "name": team.name}


def test_numbers_are_sequential_and_unique(customer):
    numbers = [open_ticket(customer=customer).number for _ in range(5)]
    assert numbers == list(range(numbers[0], numbers[0] + 5))


def test_agent_logging_a_call_is_the_actor(customer):
    agent = AgentFactory()
    ticket = open_ticket(customer=customer, channel="phone", opened_by=agent)
    event = ticket.events.get()
    assert event.actor == agent
    assert event.actor_customer is None


def test_empty_subject_falls_back_to_first_words():
    ticket = open_ticket(subject="", body_text="My printer is on fire and smoking")
    assert ticket.subject == "My printer is on fire and smoking"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"channel": "pigeon"}, "invalid_channel"),
        ({"priority": "whenever"}, "invalid_priority"),
        ({"body_text": "   "}, "empty_message"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(changes, code):
    customer = CustomerFactory()
    arguments = {"customer": customer, "subject": "x", "body_text": "hello", "channel": "email"}
    with pytest.raises(ApplicationError) as error:
        ticket_open(**arguments | changes)
    assert error.value.code == code
    assert Ticket.objects.count() == 0
    assert Event.objects.count() == 0
