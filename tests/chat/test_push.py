"""A chat message reaches the chat's sockets after commit as its writer had it: the push
reads neither the message back nor the chat, only the files attached to it."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realdesk.chat.actions import (
    ChatFile,
    availability_set,
    chat_accept,
    chat_customer_message,
    chat_reply,
    chat_start,
)
from realdesk.chat.push import chat_group
from realdesk.chat.wire import message_json
from realdesk.tickets.actions import message_send
from realdesk.tickets.models import Message

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs: the push is real

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def chat(agent):
    availability_set(agent=agent, state="available")
    started = chat_start(name="Ana", email="ana@example.com", question="Where is my order?")
    return chat_accept(session=started.session, agent=agent)


def _listening(session):
    """A channel in the chat's group, as a customer's socket is; returns what it hears."""
    layer = get_channel_layer()
    name = asyncio.run(layer.new_channel())
    asyncio.run(layer.group_add(chat_group(session.ticket_id), name))

    def heard() -> list[dict]:
        async def drain():
            events = []
            while True:
                try:
                    events.append(await asyncio.wait_for(layer.receive(name), 0.2))
                except TimeoutError:
                    return events

        return [e["message"] for e in asyncio.run(drain()) if e["type"] == "chat.message"]

    return heard


def _tables_read(queries, table: str) -> int:
    return sum(q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"] for q in queries)


def test_the_customers_message_is_pushed_as_written_without_reading_it_back(chat):
    heard = _listening(chat)
    with CaptureQueriesContext(connection) as queries:
        message = chat_customer_message(session=chat, client_id="c-1", body="Is it shipped?")
    assert heard() == [message_json(Message.objects.get(pk=message.pk))]
    # The client id's check is the one read of messages; the chat is read once, locked.
    assert _tables_read(queries, "tickets_message") == 1
    assert _tables_read(queries, "chat_chatsession") == 1


def test_the_agents_reply_is_pushed_as_written_with_the_chat_found_once(chat, agent):
    heard = _listening(chat)
    with CaptureQueriesContext(connection) as queries:
        message = chat_reply(session=chat, agent=agent, body_text="It left this morning.")
    assert heard() == [message_json(Message.objects.get(pk=message.pk))]
    assert message.author_agent == agent
    # Only the route asks whether the chat is live; the push knows its group already.
    assert _tables_read(queries, "chat_chatsession") == 1
    # The reply's channel is read from the customer's last message, never the reply itself.
    assert _tables_read(queries, "tickets_message") == 1
    # The customer (the SLA policy's facts) comes with the locked ticket.
    assert _tables_read(queries, "accounts_customer") == 0


def test_a_file_attached_after_the_message_goes_with_its_push(chat, agent):
    heard = _listening(chat)
    message = chat_reply(session=chat, agent=agent, body_text="", file=ChatFile("a.png", PNG))
    (pushed,) = heard()
    assert [f["name"] for f in pushed["files"]] == ["a.png"]
    assert pushed == message_json(Message.objects.get(pk=message.pk))


def test_a_reply_from_the_console_reaches_its_chat_and_no_other(chat, agent):
    other = chat_start(name="Bo", email="bo@example.com", question="And mine?").session
    heard, heard_by_other = _listening(chat), _listening(other)
    message_send(ticket=chat.ticket, agent=agent, body_text="From the console.", status_after=None)
    assert [m["body"] for m in heard()] == ["From the console."]
    assert heard_by_other() == []
