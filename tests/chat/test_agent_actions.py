"""Accepting (one owner), answering and closing a chat, and the chat.* webhook events."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory
from realdesk.chat.actions import (
    availability_set,
    chat_accept,
    chat_close,
    chat_reply,
    chat_start,
    chat_transfer,
    chats_check,
)
from realdesk.chat.choices import SessionStatus
from realdesk.chat.selectors import session_messages
from realdesk.comms.channels.adapters import Reach, reply_route
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.surveys.actions import rating_value
from realdesk.surveys.models import Rating
from realdesk.surveys.tasks import rating_ask_task
from realdesk.tickets.choices import Status
from realdesk.tickets.selectors import ticket_handoff
from realdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from support.queue import run_queued

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


def test_closing_an_answered_chat_mails_the_transcript_and_solves_for_the_rating(
    chat, online, django_capture_on_commit_callbacks
):
    chat = chat_accept(session=chat, agent=online)
    chat_reply(session=chat, agent=online, body_text="Refund is on its way.")
    with django_capture_on_commit_callbacks(execute=True):
        chat_close(session=chat, actor=online)
    chat.ticket.refresh_from_db()
    assert chat.ticket.status == Status.SOLVED
    transcript = OutboundEmail.objects.get(subject__contains="transcript")
    assert transcript.to_address == "ana@example.com"
    assert "You: Refund?" in transcript.body_text
    assert f"{online.first_name}: Refund is on its way." in transcript.body_text
    run_queued(rating_ask_task)  # the surveys app's one-click rating, as the worker runs it
    rating = Rating.objects.get(ticket=chat.ticket)
    assert OutboundEmail.objects.filter(body_text__contains=rating_value(rating)).exists()


def test_the_transcript_is_in_the_customers_language(online):
    chat = chat_start(
        name="Jonas", email="jonas@example.com", question="Wo ist meine Bestellung?", language="de"
    ).session
    chat_close(session=chat, actor=online)
    transcript = OutboundEmail.objects.get()
    assert "Ihr Chat-Protokoll" in transcript.subject
    assert "Sie: Wo ist meine Bestellung?" in transcript.body_text


def test_a_chat_waiting_past_the_alert_delay_tells_the_team_once(chat, online, lead, settings):
    settings.REALDESK_CHAT_ALERT_SECONDS = 60
    assert chats_check(now=chat.started_at + timedelta(seconds=59)) == 0
    later = chat.started_at + timedelta(seconds=61)
    assert chats_check(now=later) == 1
    assert chats_check(now=later) == 0
    alerts = OutboundEmail.objects.filter(kind="agent")
    assert {a.to_address for a in alerts} == {online.email, lead.email}


def test_nobody_accepting_in_time_turns_the_chat_into_email_with_an_apology(chat, online, settings):
    settings.REALDESK_CHAT_GIVE_UP_SECONDS = 300
    chats_check(now=chat.started_at + timedelta(seconds=301))
    chat.refresh_from_db()
    assert chat.status == SessionStatus.CLOSED
    apology = OutboundEmail.objects.get(kind="notice")
    assert "sorry" in apology.body_text
    assert reply_route(chat.ticket).reach == Reach.EMAIL


def test_a_transfer_hands_over_with_the_note_and_tells_the_customer(chat, online, team):
    colleague = AgentFactory(teams=[team], full_name="Bo Berg")
    availability_set(agent=colleague, state="available")
    chat_accept(session=chat, agent=online)
    chat_transfer(session=chat, actor=online, agent=colleague, note="Wants a refund for 123")
    chat.refresh_from_db()
    assert (chat.agent, chat.ticket.owner) == (colleague, colleague)
    assert ticket_handoff(ticket=chat.ticket).data["note"] == "Wants a refund for 123"
    told = list(session_messages(session=chat))[-1]
    assert "Bo Berg" in told.body_text, "the customer sees in the chat who has them now"


def test_only_the_owner_transfers_and_never_beyond_the_limit(chat, online, team, settings):
    colleague = AgentFactory(teams=[team])
    availability_set(agent=colleague, state="available")
    with pytest.raises(ApplicationError) as raised:
        chat_transfer(session=chat, actor=online, agent=colleague, note="x")
    assert raised.value.code == "not_active", "a waiting chat is accepted, not transferred"
    chat_accept(session=chat, agent=online)
    with pytest.raises(ApplicationError) as raised:
        chat_transfer(session=chat, actor=colleague, agent=colleague, note="mine now")
    assert raised.value.code == "not_your_chat"
    settings.REALDESK_CHAT_MAX_CONCURRENT = 0
    with pytest.raises(ApplicationError) as raised:
        chat_transfer(session=chat, actor=online, agent=colleague, note="x")
    assert raised.value.code == "chat_limit"
    chat.refresh_from_db()
    assert chat.agent == online
