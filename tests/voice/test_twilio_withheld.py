"""A caller whose number is withheld: served like anyone, and asked to type the number a
callback needs, since there is nothing else to call back on."""

import pytest

from factories import AgentFactory
from realdesk.accounts.models import Customer
from realdesk.voice.choices import CallStatus
from realdesk.voice.models import Call, Callback

pytestmark = pytest.mark.django_db

WITHHELD = "anonymous"  # what the provider posts as From when the caller ID is withheld


def xml(response) -> str:
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_nobody_free_asks_for_the_number_and_calls_back_on_it(phone):
    caller = phone(WITHHELD)
    assert "Hello, thank you for calling." in xml(caller.post("incoming"))
    body = xml(caller.post("menu", Digits="0"))
    assert "Nobody can answer right now." in body
    assert "type the number we can call you back on" in body
    assert 'finishOnKey="#"' in body
    assert "/voice/twilio/menu?step=number" in body
    body = xml(caller.post("menu?step=number", Digits="4155550123"))
    assert "We will call you back on 4 1 5, 5 5 5, 0 1 2 3." in body
    callback = Callback.objects.get()
    assert callback.phone == "+14155550123"
    assert callback.customer.identities.get().value == "+14155550123"
    assert Call.objects.get().from_number == WITHHELD


def test_a_number_that_is_none_is_asked_once_more_then_an_honest_goodbye(phone):
    caller = phone(WITHHELD)
    caller.post("incoming")
    caller.post("menu", Digits="0")
    body = xml(caller.post("menu?step=number", Digits="12"))
    assert "We could not use that number." in body
    assert "step=number&amp;again=1" in body
    body = xml(caller.post("menu?step=number&again=1"))  # silence
    assert "Without a number we cannot call you back." in body
    assert "<Hangup" in body
    assert not Callback.objects.exists()
    assert not Customer.objects.exists()
    assert Call.objects.get().status == CallStatus.MISSED


def test_a_withheld_caller_hanging_up_in_the_queue_is_a_missed_call_without_a_callback(phone):
    AgentFactory()
    caller = phone(WITHHELD)
    caller.post("incoming")
    assert "<Enqueue" in xml(caller.post("menu", Digits="0"))
    xml(caller.post("after-queue", QueueResult="hangup", QueueTime="50"))
    call = Call.objects.get()
    assert call.status == CallStatus.MISSED
    assert call.queue_entry.wait_seconds == 50
    assert not Callback.objects.exists()


def test_pressing_1_in_the_queue_asks_for_the_number_then_leaves_into_the_callback(phone):
    AgentFactory()
    caller = phone(WITHHELD)
    caller.post("incoming")
    caller.post("menu", Digits="0")
    body = xml(caller.post("wait", Digits="1"))
    assert "<Leave" not in body
    assert "/voice/twilio/wait?step=number" in body
    assert "<Leave" in xml(caller.post("wait?step=number", Digits="4155550123"))
    body = xml(caller.post("after-queue", QueueResult="leave", QueueTime="150"))
    assert "We will call you back on 4 1 5, 5 5 5, 0 1 2 3." in body
    callback = Callback.objects.get()
    assert callback.phone == "+14155550123"
    text = callback.ticket.messages.get().body_text
    assert "Inbound call from anonymous, waited 150 s" in text
    assert "Call back on +14155550123 (typed by the caller)." in text


def test_a_mistyped_number_in_the_queue_goes_back_to_waiting(phone):
    AgentFactory()
    caller = phone(WITHHELD)
    caller.post("incoming")
    caller.post("menu", Digits="0")
    xml(caller.post("wait", QueueTime="130", QueuePosition="1"))
    body = xml(caller.post("wait?step=number", Digits="99"))
    assert "We could not use that number." in body
    assert "<Leave" not in body  # the provider asks the wait URL again: still in line
    assert Call.objects.get().status == CallStatus.QUEUED


def test_at_the_limit_a_withheld_caller_is_asked_and_leaves_even_without_a_number(phone):
    AgentFactory()
    caller = phone(WITHHELD)
    caller.post("incoming")
    caller.post("menu", Digits="0")
    body = xml(caller.post("wait", QueueTime="300", QueuePosition="1"))
    assert "We are sorry to keep you waiting this long." in body
    assert "type the number" in body
    assert "<Leave" in xml(caller.post("wait?step=number"))  # silence: the limit holds
    body = xml(caller.post("after-queue", QueueResult="leave", QueueTime="312"))
    assert "Without a number we cannot call you back." in body
    assert not Callback.objects.exists()
