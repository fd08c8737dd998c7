""" "Call me back": a waiting customer's chat ends in a callback on its ticket, kept by the
phone channel like any other; a number we cannot call is refused with nothing lost."""

import pytest

from factories import CustomerFactory, IdentityFactory, open_ticket
from realdesk.accounts.choices import IdentityKind
from realdesk.chat.actions import chat_accept
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.comms.models import OutboundEmail
from realdesk.sla.eta import reader_zone
from realdesk.sla.phrasing import describe_instant, told_instant
from realdesk.tickets.choices import Status
from realdesk.voice.choices import CallbackSource, CallbackStatus
from realdesk.voice.models import Callback

pytestmark = pytest.mark.django_db


def _callback(client, pk: int, token: str, phone: str, **headers):
    return client.post(
        f"/chat/api/sessions/{pk}/callback",
        {"token": token, "phone": phone},
        content_type="application/json",
        **headers,
    )


def _instant(callback: Callback, language: str) -> str:
    """The end of the callback's window as the customer reads it (the wall clock decides
    whether it is "today": only the exact instant is the same at any hour)."""
    when = told_instant(callback.window_end, now=callback.created_at)
    return describe_instant(when, timezone=reader_zone(callback.ticket), language=language)


def test_a_callback_ends_the_chat_on_the_same_ticket_and_says_when(client, start, online, settings):
    settings.REALDESK_DEFAULT_PHONE_REGION = "DE"
    started = start().json()
    response = _callback(client, started["id"], started["token"], "030 1234567")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["status"], answer["phone"]) == ("closed", "+49301234567")
    session = ChatSession.objects.get()
    assert session.status == SessionStatus.CLOSED
    callback = Callback.objects.get()
    assert _instant(callback, "en") in answer["when"], "to the minute, on their clock"
    assert (callback.ticket, callback.customer) == (session.ticket, session.customer)
    assert (callback.source, callback.status, callback.asap) == (
        CallbackSource.CHAT,
        CallbackStatus.PENDING,
        True,
    )
    assert session.ticket.status not in (Status.SOLVED, Status.CLOSED), "still to answer"
    assert session.customer.identities.filter(
        kind=IdentityKind.PHONE, value="+49301234567"
    ).exists(), "the number is theirs from now on: a later call finds the same customer"
    assert session.ticket.messages.filter(body_text__contains="+49301234567").exists()
    confirmation = OutboundEmail.objects.get()
    assert "+49301234567" in confirmation.body_text, "confirmed by mail as well"


def test_the_answer_is_in_the_customers_language(client, start, online, settings):
    settings.REALDESK_DEFAULT_PHONE_REGION = "DE"
    headers = {"HTTP_ACCEPT_LANGUAGE": "de"}
    started = client.post(
        "/chat/api/sessions",
        {"name": "Jonas", "email": "jonas@example.com", "question": "Wo bleibt das Paket?"},
        content_type="application/json",
        **headers,
    ).json()
    answer = _callback(client, started["id"], started["token"], "030 1234567", **headers).json()
    assert f"(bis {_instant(Callback.objects.get(), 'de')})" in answer["when"]
    thread = ChatSession.objects.get().ticket.messages.order_by("pk")
    assert thread.last().body_text == "Bitte rufen Sie mich unter +49301234567 zurück."


def test_a_bad_number_is_refused_and_the_chat_waits_on(client, start, online):
    started = start().json()
    response = _callback(client, started["id"], started["token"], "call me maybe")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_phone"
    session = ChatSession.objects.get()
    assert session.status == SessionStatus.WAITING, "nothing lost: still in the queue"
    assert not Callback.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert session.ticket.messages.count() == 1, "only the question"


def test_no_callback_once_an_agent_joined_or_with_a_wrong_token(client, start, online):
    started = start().json()
    assert _callback(client, started["id"], "nope", "+4930123456").status_code == 404
    chat_accept(session=ChatSession.objects.get(), agent=online)
    response = _callback(client, started["id"], started["token"], "+4930123456")
    assert response.json()["error"] == "chat_taken"
    assert not Callback.objects.exists()


def test_a_desk_that_does_not_call_back_neither_offers_nor_takes_it(
    client, start, online, settings
):
    settings.REALDESK_CALLBACKS_ENABLED = False
    assert 'id="callback" hidden' in client.get("/chat/").text
    started = start().json()
    response = _callback(client, started["id"], started["token"], "+4930123456")
    assert response.json()["error"] == "callbacks_off"
    assert ChatSession.objects.get().status == SessionStatus.WAITING


def test_the_window_offers_it_when_callbacks_are_on(client, settings):
    settings.REALDESK_CALLBACKS_ENABLED = True
    page = client.get("/chat/").text
    assert '<form id="callback">' in page
    assert "data-called=" in page


def test_a_known_customer_calling_back_from_the_chat_stays_one_customer(client, start, online):
    """The chat finds the customer by their email; the callback is theirs, on the chat's
    ticket (the request the chat is about), and their other requests stay as they were."""
    known = CustomerFactory(name="Ana Ruiz")
    IdentityFactory(customer=known, kind=IdentityKind.EMAIL, value="ana@example.com")
    earlier = open_ticket(customer=known)
    started = start().json()
    assert _callback(client, started["id"], started["token"], "+14155550100").status_code == 200
    callback = Callback.objects.get()
    assert callback.customer == known
    assert callback.ticket == ChatSession.objects.get().ticket != earlier
    assert known.identities.filter(kind=IdentityKind.PHONE, value="+14155550100").exists()
