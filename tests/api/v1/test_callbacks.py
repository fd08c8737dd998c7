"""/callbacks: scoped to visible tickets, filtered by status; outcomes through the action."""

import pytest

from factories import TeamFactory, open_ticket
from realdesk.voice.actions import callback_create
from realdesk.voice.choices import CallbackSource

pytestmark = pytest.mark.django_db


def _callback(ticket, phone="+14155550100"):
    return callback_create(ticket=ticket, phone=phone, source=CallbackSource.WEB)


def test_list_is_scoped_and_filtered_by_status(api, lead, api_as, ticket):
    mine = _callback(ticket)
    _callback(open_ticket(team=TeamFactory(name="Billing")))  # a team the agent is not in
    response = api.get("/callbacks")
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["items"]] == [mine.pk]
    assert response.json()["items"][0]["ticket"] == ticket.number
    assert len(api_as(lead).get("/callbacks").json()["items"]) == 2
    assert api.get("/callbacks", status="reached").json()["items"] == []


def test_outcomes_retry_then_close(api, ticket):
    callback = _callback(ticket)
    response = api.post(f"/callbacks/{callback.pk}/outcome", {"outcome": "no_answer"})
    assert response.status_code == 200, response.content
    assert response.json()["attempts"] == 1
    assert response.json()["status"] == "pending"
    response = api.post(f"/callbacks/{callback.pk}/outcome", {"outcome": "reached"})
    assert response.json()["status"] == "reached"
    closed = api.post(f"/callbacks/{callback.pk}/outcome", {"outcome": "reached"})
    assert closed.status_code == 400
    assert closed.json()["error"]["code"] == "callback_closed"
    assert api.get("/callbacks", status="reached").json()["items"][0]["id"] == callback.pk


def test_three_unanswered_tries_give_up_and_mail_the_eta(api, ticket):
    callback = _callback(ticket)
    for _ in range(3):
        response = api.post(f"/callbacks/{callback.pk}/outcome", {"outcome": "voicemail"})
    assert response.json()["status"] == "gave_up"
    mail = ticket.outbound_emails.filter(subject__contains="could not reach you").get()
    assert "3 times" in mail.body_text


def test_an_unknown_outcome_and_a_hidden_callback(api, ticket):
    callback = _callback(ticket)
    bad = api.post(f"/callbacks/{callback.pk}/outcome", {"outcome": "maybe"})
    assert bad.status_code == 422
    hidden = _callback(open_ticket(team=TeamFactory(name="Billing")))
    missing = api.post(f"/callbacks/{hidden.pk}/outcome", {"outcome": "reached"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
