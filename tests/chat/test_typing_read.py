"""Typing and read state both ways: the agent's typing reaches the customer's socket
(throttled) and the long poll; what the customer read shows in the console, what the agent
read shows in the widget."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from realdesk.chat.actions import (
    availability_set,
    chat_accept,
    chat_agent_read,
    chat_agent_typing,
    chat_reply,
    chat_start,
)
from realdesk.chat.models import ChatSession
from realdesk.chat.selectors import agent_typing
from realdesk.config.asgi import application
from realdesk.core.errors import ApplicationError
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message


def run(coroutine):
    return asyncio.run(coroutine)


def _socket(session_id: int, token: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, f"/ws/chat/{session_id}/?token={token}", headers=[(b"host", b"testserver")]
    )


@pytest.fixture
def active(agent):
    """A chat the agent has accepted, with the customer's question in it."""
    availability_set(agent=agent, state="available")
    started = chat_start(name="Ana", email="ana@example.com", question="Where is my order?")
    chat_accept(session=started.session, agent=agent)
    started.session.refresh_from_db()
    return started


@pytest.mark.django_db(transaction=True)
def test_the_agents_typing_reaches_the_customers_socket_once_per_throttle(active, agent):
    session = active.session

    async def talk():
        socket = _socket(session.pk, active.token)
        await socket.connect()
        await socket.receive_json_from()  # state
        sent = [
            await database_sync_to_async(chat_agent_typing)(session=session, agent=agent)
            for _ in range(3)
        ]
        typing = await socket.receive_json_from()
        more = await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()
        return sent, typing, more

    sent, typing, more = run(talk())
    assert sent == [True, False, False], "one write and one push per 2 s"
    assert typing == {"type": "typing", "from": "agent"}
    assert more
    assert ChatSession.objects.get().agent_typed_at is not None, "kept for the long poll"


@pytest.mark.django_db(transaction=True)
def test_what_the_customer_reads_is_kept_and_what_the_agent_reads_is_pushed(active, agent):
    session = active.session
    answer = chat_reply(session=session, agent=agent, body_text="Let me look.")

    async def talk():
        socket = _socket(session.pk, active.token)
        await socket.connect()
        await socket.receive_json_from()  # state
        await socket.send_json_to({"type": "read", "message_id": answer.pk})
        await socket.send_json_to({"type": "message", "client_id": "c-1", "body": "Thanks"})
        echo = await socket.receive_json_from()
        await database_sync_to_async(chat_agent_read)(session=session, agent=agent)
        read = await socket.receive_json_from()
        await socket.send_json_to({"type": "read", "message_id": echo["id"]})  # not an answer
        refused = await socket.receive_json_from()
        await socket.disconnect()
        return echo, read, refused

    echo, read, refused = run(talk())
    session.refresh_from_db()
    assert session.customer_read_id == answer.pk
    assert read == {"type": "read", "from": "agent", "message_id": echo["id"]}
    assert session.agent_read_id == echo["id"]
    assert refused["error"] == "invalid_message"


@pytest.mark.django_db
def test_the_long_poll_answers_early_with_the_agents_typing_and_reading(client, active, agent):
    session = active.session
    chat_agent_read(session=session, agent=agent)
    question = Message.objects.get(direction=Direction.INBOUND)
    chat_agent_typing(session=session, agent=agent)
    response = client.get(
        f"/chat/api/sessions/{session.pk}/messages",
        {"token": active.token, "after": question.pk, "wait": 0},
    )
    data = response.json()
    assert (data["agent_typing"], data["read_by_agent"]) == (True, question.pk)


@pytest.mark.django_db
def test_the_long_poll_reports_reading_by_post(client, active, agent):
    session = active.session
    answer = chat_reply(session=session, agent=agent, body_text="Found it.")
    url = f"/chat/api/sessions/{session.pk}/read"
    ok = client.post(
        url, {"token": active.token, "message_id": answer.pk}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    older = Message.objects.get(direction=Direction.INBOUND)
    wrong = client.post(
        url, {"token": active.token, "message_id": older.pk}, content_type="application/json"
    )
    assert wrong.json()["error"] == "invalid_message", "only our answers are read by the customer"
    assert ChatSession.objects.get().customer_read_id == answer.pk, "never backwards"


@pytest.mark.django_db
def test_only_the_owner_types_in_a_chat(active, agent, lead):
    with pytest.raises(ApplicationError):
        chat_agent_typing(session=active.session, agent=lead)
    chat_agent_read(session=active.session, agent=lead)
    assert ChatSession.objects.get().agent_read_id is None, "a lead looking in read nothing"


@pytest.mark.django_db
def test_typing_ends_with_the_message_it_was_for(active, agent):
    session = active.session
    chat_agent_typing(session=session, agent=agent)
    session.refresh_from_db()
    assert agent_typing(session=session)
    chat_reply(session=session, agent=agent, body_text="Here it is.")
    assert not agent_typing(session=session), "no 'typing' under the answer that just came"
