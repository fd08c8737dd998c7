""" "Leave it with us": a waiting customer's chat ends and its question stays open as an
email ticket, with a mail saying when a person will answer."""

import pytest

from realdesk.chat.actions import chat_accept
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.comms.channels.adapters import Reach, reply_route
from realdesk.comms.models import OutboundEmail
from realdesk.tickets.choices import Status

pytestmark = pytest.mark.django_db


def _leave(client, pk: int, token: str):
    return client.post(
        f"/chat/api/sessions/{pk}/leave", {"token": token}, content_type="application/json"
    )


def test_a_left_chat_becomes_an_email_ticket(client, start, online):
    started = start().json()
    response = _leave(client, started["id"], started["token"])
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["eta"], "when a person will answer"
    session = ChatSession.objects.get()
    assert session.status == SessionStatus.CLOSED
    assert session.ticket.status not in (Status.SOLVED, Status.CLOSED), "still to answer"
    mail = OutboundEmail.objects.get()
    assert mail.subject.endswith("We will answer your question by email")
    assert response.json()["eta"] in mail.body_text
    assert reply_route(session.ticket).reach == Reach.EMAIL, "answered by email from now on"


def test_a_wrong_token_or_an_accepted_chat_cannot_be_left(client, start, online):
    started = start().json()
    assert _leave(client, started["id"], "nope").status_code == 404
    chat_accept(session=ChatSession.objects.get(), agent=online)
    response = _leave(client, started["id"], started["token"])
    assert response.status_code == 400
    assert response.json()["error"] == "chat_taken"
    assert ChatSession.objects.get().status == SessionStatus.ACTIVE
    assert not OutboundEmail.objects.exists()


def test_leaving_twice_tells_the_chat_has_ended(client, start, online):
    started = start().json()
    _leave(client, started["id"], started["token"])
    again = _leave(client, started["id"], started["token"])
    assert again.json()["error"] == "chat_closed"
    assert OutboundEmail.objects.count() == 1


def test_the_window_knows_when_to_offer_it_and_where_to_search(client, settings):
    settings.REALDESK_CHAT_LEAVE_AFTER_SECONDS = 120
    page = client.get("/chat/").text
    assert 'data-leave-after="120"' in page
    assert 'data-search="/support/search.json"' in page
