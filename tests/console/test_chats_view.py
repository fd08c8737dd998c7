"""The console's chats view: the queue longest-wait first, accept (one owner), reply,
close, the customer beside the chat and their typing, the availability switch and the
waiting count in the nav."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from factories import AgentFactory
from realdesk.chat.actions import (
    availability_set,
    chat_accept,
    chat_customer_read,
    chat_customer_typing,
    chat_start,
)
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import AgentAvailability, ChatSession
from realdesk.tickets.choices import Direction

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, agent):
    availability_set(agent=agent, state="available")
    client.force_login(agent)
    return client


def _start(email: str, question: str, *, waited: int = 0) -> ChatSession:
    session = chat_start(name=email.split("@")[0], email=email, question=question).session
    ChatSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(seconds=waited)
    )
    return session


def test_the_queue_shows_the_longest_wait_first_with_its_wait(signed_in):
    _start("new@example.com", "Just arrived", waited=10)
    _start("old@example.com", "Waiting long", waited=130)
    page = signed_in.get("/agent/chats/").text
    assert page.index("Waiting long") < page.index("Just arrived")
    assert "waiting 2\xa0minutes" in page
    assert "data-chats-waiting>2<" in signed_in.get("/agent/chats/waiting/").text, "the nav's"


def test_accept_reply_and_close_from_the_console(signed_in, agent):
    chat = _start("ana@example.com", "Where is my order?")
    response = signed_in.post(f"/agent/chats/{chat.pk}/do/accept/")
    assert response.status_code == 302
    chat.refresh_from_db()
    assert (chat.status, chat.agent) == (SessionStatus.ACTIVE, agent)
    page = signed_in.get(response.url).text
    assert "Chat with ana" in page
    assert "Where is my order?" in page
    assert "Earlier tickets" in page, "the customer beside the chat"
    assert 'id="history"' in page

    signed_in.post(f"/agent/chats/{chat.pk}/do/reply/", {"body": "It ships today."})
    reply = chat.ticket.messages.get(direction=Direction.OUTBOUND)
    assert (reply.body_text, reply.author_agent) == ("It ships today.", agent)
    assert "It ships today." in signed_in.get(f"/agent/chats/live/?chat={chat.pk}").text

    signed_in.post(f"/agent/chats/{chat.pk}/do/close/")
    chat.refresh_from_db()
    assert chat.status == SessionStatus.CLOSED


def test_a_chat_another_agent_owns_cannot_be_taken_or_answered(signed_in, team):
    chat = _start("ana@example.com", "Hello?")
    other = AgentFactory(teams=[team])
    availability_set(agent=other, state="available")
    chat_accept(session=chat, agent=other)
    response = signed_in.post(f"/agent/chats/{chat.pk}/do/accept/", follow=True)
    assert "Another agent has accepted this chat already." in response.text
    signed_in.post(f"/agent/chats/{chat.pk}/do/reply/", {"body": "Me too"})
    assert not chat.ticket.messages.filter(direction=Direction.OUTBOUND).exists()
    chat.refresh_from_db()
    assert chat.agent == other


def test_the_live_part_shows_the_customer_typing(signed_in, agent):
    chat = _start("ana@example.com", "Hi")
    signed_in.post(f"/agent/chats/{chat.pk}/do/accept/")
    assert "is typing" not in signed_in.get("/agent/chats/live/").text
    chat_customer_typing(session=chat)
    assert "ana is typing" in signed_in.get("/agent/chats/live/").text
    ChatSession.objects.filter(pk=chat.pk).update(
        customer_typed_at=timezone.now() - timedelta(seconds=30)
    )
    assert "is typing" not in signed_in.get("/agent/chats/live/").text


def test_the_switch_sets_availability_and_refuses_nonsense(signed_in, agent):
    assert "/agent/chats/availability/?next=/agent/" in signed_in.get("/agent/").text
    switch = signed_in.get("/agent/chats/availability/?next=/agent/").text
    assert 'data-availability="available"' in switch
    assert 'value="/agent/"' in switch
    response = signed_in.post(
        "/agent/chats/availability/", {"state": "away"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-availability="away"' in response.text
    assert AgentAvailability.objects.get(agent=agent).state == "away"
    response = signed_in.post("/agent/chats/availability/", {"state": "gone", "next": "/agent/"})
    assert response.status_code == 400
    assert AgentAvailability.objects.get(agent=agent).state == "away"
    response = signed_in.post(
        "/agent/chats/availability/", {"state": "offline", "next": "https://evil.example/"}
    )
    assert response.url == "/agent/chats/", "never back to another site"


def test_a_read_only_agent_cannot_accept(client, read_only, agent):
    availability_set(agent=agent, state="available")
    chat = _start("ana@example.com", "Hi")
    client.force_login(read_only)
    client.post(f"/agent/chats/{chat.pk}/do/accept/")
    chat.refresh_from_db()
    assert chat.status == SessionStatus.WAITING
    assert client.post("/agent/chats/999/do/accept/").status_code == 404


def test_transfer_from_the_console_with_a_note(signed_in, agent, team):
    chat = _start("ana@example.com", "Refund?")
    colleague = AgentFactory(teams=[team])
    signed_in.post(f"/agent/chats/{chat.pk}/do/accept/")
    page = signed_in.get("/agent/chats/").text
    assert "Nobody else is available" in page
    availability_set(agent=colleague, state="available")
    assert f'<option value="{colleague.pk}">' in signed_in.get("/agent/chats/").text
    response = signed_in.post(
        f"/agent/chats/{chat.pk}/do/transfer/", {"agent": colleague.pk, "note": ""}, follow=True
    )
    assert "Write a handoff note" in response.text
    signed_in.post(
        f"/agent/chats/{chat.pk}/do/transfer/", {"agent": colleague.pk, "note": "Order 123"}
    )
    chat.refresh_from_db()
    assert chat.agent == colleague
    assert "Refund?" not in signed_in.get("/agent/chats/").text, "no longer in my chats"


def test_the_console_sends_typing_and_shows_what_the_customer_read(signed_in, agent):
    chat = chat_start(name="Ana", email="ana@example.com", question="Where is my order?").session
    chat_accept(session=chat, agent=agent)
    response = signed_in.post(f"/agent/chats/{chat.pk}/do/typing/")
    assert response.status_code == 204
    chat.refresh_from_db()
    assert chat.agent_typed_at is not None
    signed_in.post(f"/agent/chats/{chat.pk}/do/reply/", {"body": "On its way."})
    assert "data-read" not in signed_in.get("/agent/chats/live/").text
    answer = chat.ticket.messages.get(direction=Direction.OUTBOUND)
    chat_customer_read(session=chat, message_id=answer.pk)
    live = signed_in.get("/agent/chats/live/").text
    assert "data-read>Read<" in live
    chat.refresh_from_db()
    question = chat.ticket.messages.get(direction=Direction.INBOUND)
    assert chat.agent_read_id == question.pk, "the owner has the chat on screen"


def test_the_agent_sends_a_file_from_the_console(signed_in, agent, settings):
    chat = chat_start(name="Ana", email="ana@example.com", question="Which label?").session
    chat_accept(session=chat, agent=agent)
    upload = SimpleUploadedFile("label.pdf", b"%PDF-1.4\n" + b"0" * 64)
    signed_in.post(f"/agent/chats/{chat.pk}/do/reply/", {"body": "Print this", "file": upload})
    answer = chat.ticket.messages.get(direction=Direction.OUTBOUND)
    attachment = answer.attachments.get()
    assert (answer.body_text, attachment.content_type) == ("Print this", "application/pdf")
    live = signed_in.get("/agent/chats/live/").text
    assert f"/agent/attachments/{attachment.pk}/" in live
    settings.REALDESK_ATTACHMENT_MAX_BYTES = 16
    again = SimpleUploadedFile("label.pdf", b"%PDF-1.4\n" + b"0" * 64)
    response = signed_in.post(
        f"/agent/chats/{chat.pk}/do/reply/", {"body": "Again", "file": again}, follow=True
    )
    assert "larger than" in response.text
    assert chat.ticket.messages.filter(direction=Direction.OUTBOUND).count() == 1
