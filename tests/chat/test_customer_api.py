"""The customer's chat API: starting a chat, messages once per client id, the long poll,
no chat when nobody can answer, and the origin check on every request."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from factories import IdentityFactory, open_ticket
from realdesk.accounts.choices import IdentityKind
from realdesk.chat.actions import availability_set
from realdesk.chat.models import AgentAvailability, ChatSession
from realdesk.comms.channels.adapters import Reach, reply_route
from realdesk.sla.models import BusinessCalendar
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import Channel, Direction
from realdesk.tickets.models import Message

pytestmark = pytest.mark.django_db


def test_a_chat_is_a_ticket_of_the_same_customer_as_their_email(online, start, customer):
    IdentityFactory(customer=customer, kind=IdentityKind.EMAIL, value="ana@example.com")
    earlier = open_ticket(customer=customer)
    response = start(email="Ana@Example.com")
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == {"id", "token", "queue_position", "wait_seconds", "agents_online"}
    assert (data["queue_position"], data["wait_seconds"], data["agents_online"]) == (1, 0, 1)
    session = ChatSession.objects.get(pk=data["id"])
    assert session.customer == customer == earlier.customer
    assert session.ticket.channel == Channel.CHAT
    assert session.ticket.messages.get().body_text == "Where is my order?"
    assert session.token_hash != data["token"]  # only its hash is kept


def test_the_wait_behind_busy_agents_is_the_erlang_position_wait(online, start, settings):
    settings.REALDESK_CHAT_HANDLE_SECONDS = 300
    start(email="first@example.com")
    ChatSession.objects.update(status="active", agent=online)
    start(email="second@example.com")
    third = start(email="third@example.com").json()
    # one agent online and busy; two ahead of nobody free: position 2 waits 2 handle times
    assert (third["queue_position"], third["wait_seconds"]) == (2, 600)


def test_nobody_online_opens_no_chat_and_offers_the_request_form(agent, start):
    response = start()
    assert response.status_code == 503
    data = response.json()
    assert data["error"] == "no_agents"
    assert data["agents_online"] == 0
    assert data["request_url"].endswith("/support/requests/new/")
    assert data["eta"]
    assert not ChatSession.objects.exists()


def test_an_available_agent_silent_past_auto_away_counts_as_away(online, start, settings):
    AgentAvailability.objects.update(seen_at=timezone.now() - timedelta(seconds=301))
    settings.REALDESK_CHAT_AUTO_AWAY_SECONDS = 300
    assert start().status_code == 503


def test_outside_the_desk_calendar_there_is_no_chat(online, start):
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    other_day = days[(timezone.now().weekday() + 3) % 7]  # open on another day only
    BusinessCalendar.objects.create(
        name="Desk", timezone="UTC", weekly_hours={other_day: [["09:00", "17:00"]]}
    )
    response = start()
    assert response.status_code == 503
    assert "next_open" not in response.json()
    assert response.json()["eta"]
    assert not ChatSession.objects.exists()


def test_a_message_is_added_once_per_client_id(online, start, client):
    data = start().json()
    url = f"/chat/api/sessions/{data['id']}/messages"
    payload = {"token": data["token"], "client_id": "c-1", "body": "Order 123"}
    first = client.post(url, payload, content_type="application/json")
    again = client.post(url, payload, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert first.json()["client_id"] == "c-1"
    ticket = ChatSession.objects.get().ticket
    assert ticket.messages.filter(body_text="Order 123").count() == 1


def test_a_wrong_token_is_not_found_and_adds_nothing(online, start, client):
    data = start().json()
    response = client.post(
        f"/chat/api/sessions/{data['id']}/messages",
        {"token": "guess", "client_id": "c-1", "body": "hi"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_a_missing_client_id_is_a_clear_error(online, start, client):
    data = start().json()
    response = client.post(
        f"/chat/api/sessions/{data['id']}/messages",
        {"token": data["token"], "body": "hi"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client_id"


def test_the_agents_answer_goes_into_the_live_chat_and_the_poll_returns_it(
    online, start, client, settings
):
    data = start().json()
    session = ChatSession.objects.get()
    assert reply_route(session.ticket).reach == Reach.CHANNEL
    url = f"/chat/api/sessions/{data['id']}/messages"
    seen = client.get(url, {"token": data["token"], "after": 0}).json()
    question = seen["messages"][0]
    assert (question["from"], question["body"]) == ("customer", "Where is my order?")
    message_send(ticket=session.ticket, agent=online, body_text="Let me look.")
    new = client.get(url, {"token": data["token"], "after": question["id"]}).json()
    assert [(m["from"], m["body"]) for m in new["messages"]] == [("agent", "Let me look.")]
    assert not session.ticket.messages.filter(direction=Direction.NOTE).exists()


def test_the_long_poll_waits_at_most_its_bound(online, start, client, settings):
    settings.REALDESK_CHAT_POLL_SECONDS = 1
    data = start().json()
    last = Message.objects.get().pk
    began = time.monotonic()
    response = client.get(
        f"/chat/api/sessions/{data['id']}/messages",
        {"token": data["token"], "after": last, "wait": 60},
    )
    assert response.json()["messages"] == []
    assert 0.9 <= time.monotonic() - began < 3


def test_an_ended_chat_answers_by_email_with_the_link(online, start):
    start()
    session = ChatSession.objects.get()
    ChatSession.objects.update(status="closed")
    assert reply_route(session.ticket).reach == Reach.EMAIL


def test_another_origin_is_refused_on_every_request(online, start, client, settings):
    settings.REALDESK_CHAT_ALLOWED_ORIGINS = ["https://shop.example.com"]
    assert start(origin="https://evil.example.net").status_code == 403
    assert not ChatSession.objects.exists()
    allowed = start(origin="https://shop.example.com")
    assert allowed.status_code == 201
    assert allowed["Access-Control-Allow-Origin"] == "https://shop.example.com"
    data = allowed.json()
    response = client.get(
        f"/chat/api/sessions/{data['id']}/messages",
        {"token": data["token"]},
        HTTP_ORIGIN="https://evil.example.net",
    )
    assert response.status_code == 403


def test_availability_must_be_a_known_state(agent):
    from realdesk.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        availability_set(agent=agent, state="busy")


def test_a_refusal_speaks_the_customers_language(online, client):
    """The widget shows the message as it comes: a German visitor reads German."""
    response = client.post(
        "/chat/api/sessions",
        {"name": "Ana Ruiz", "email": "ana@example.com", "question": "  "},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Bitte geben Sie Ihre Frage ein."
    assert response.json()["error"] == "empty_message"  # the code stays for programs
