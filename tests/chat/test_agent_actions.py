"""Accepting (one owner), answering and closing a chat, and the chat.* webhook events."""

import json

import pytest
from django.utils import timezone

from factories import AgentFactory
from realdesk.chat.actions import chat_accept, chat_close, chat_reply, chat_start
from realdesk.chat.choices import SessionStatus
from realdesk.comms.channels.adapters import Reach, reply_route
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(online):
    return chat_start(name="Ana", email="ana@example.com", question="Refund?").session


def test_the_first_to_accept_owns_the_chat_and_its_ticket(chat, online, team):
    other = AgentFactory(teams=[team])
    chat_accept(session=chat, agent=online)
    chat.refresh_from_db()
    chat.ticket.refresh_from_db()
    assert (chat.status, chat.agent, chat.ticket.owner) == (SessionStatus.ACTIVE, online, online)
    with pytest.raises(ApplicationError) as raised:
        chat_accept(session=chat, agent=other)
    assert raised.value.code == "chat_taken"


def test_an_agent_at_the_concurrent_limit_takes_no_more(online, settings):
    settings.REALDESK_CHAT_MAX_CONCURRENT = 1
    first = chat_start(name="A", email="a@example.com", question="One").session
    second = chat_start(name="B", email="b@example.com", question="Two").session
    chat_accept(session=first, agent=online)
    with pytest.raises(ApplicationError) as raised:
        chat_accept(session=second, agent=online)
    assert raised.value.code == "chat_limit"


def test_only_the_owner_answers_in_the_chat_and_nothing_is_mailed(chat, online, team):
    with pytest.raises(ApplicationError):
        chat_reply(session=chat, agent=online, body_text="Hi")  # not accepted yet
    chat = chat_accept(session=chat, agent=online)
    message = chat_reply(session=chat, agent=online, body_text="Hi Ana")
    assert message.body_text == "Hi Ana"
    assert not OutboundEmail.objects.filter(body_text__contains="Hi Ana").exists()


def test_after_close_answers_go_by_email_with_the_link(chat, online):
    chat = chat_accept(session=chat, agent=online)
    chat_close(session=chat, actor=online)
    chat.refresh_from_db()
    assert chat.status == SessionStatus.CLOSED
    assert chat.ended_at <= timezone.now()
    assert reply_route(chat.ticket).reach == Reach.EMAIL
    with pytest.raises(ApplicationError):
        chat_reply(session=chat, agent=online, body_text="Still there?")


def test_started_accepted_and_closed_are_webhook_events(online, lead):
    WebhookSubscription.objects.create(
        name="CRM",
        url="https://hooks.example.com/in",
        event_types=["chat.started", "chat.accepted", "chat.closed"],
        secret="s3cret",
        created_by=lead,
        created_at=timezone.now(),
    )
    chat = chat_start(name="Ana", email="ana@example.com", question="Refund?").session
    chat = chat_accept(session=chat, agent=online)
    chat_close(session=chat, actor=online)
    deliveries = WebhookDelivery.objects.order_by("pk")
    assert [d.event_type for d in deliveries] == ["chat.started", "chat.accepted", "chat.closed"]
    closed = json.loads(deliveries.last().body)
    assert closed["data"]["chat"]["status"] == "closed"
    assert closed["data"]["chat"]["ticket"] == chat.ticket.number
