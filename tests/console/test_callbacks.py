"""The console's callbacks: a page ordered by window with outcome buttons, and an inbox view."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import TeamFactory, open_ticket
from realdesk.voice.actions import callback_create
from realdesk.voice.choices import CallbackSource

pytestmark = pytest.mark.django_db


def _callback(ticket, hours: int):
    start = timezone.now() + timedelta(hours=hours)
    return callback_create(
        ticket=ticket,
        phone="+14155550100",
        source=CallbackSource.WEB,
        window=(start, start + timedelta(hours=1)),
    )


def test_the_page_lists_visible_callbacks_earliest_window_first(client, agent, team):
    late = _callback(open_ticket(team=team), hours=5)
    early = _callback(open_ticket(team=team), hours=2)
    hidden = _callback(open_ticket(team=TeamFactory(name="Billing")), hours=1)
    client.force_login(agent)
    page = client.get("/agent/callbacks/").content.decode()
    assert page.index(f'data-callback="{early.pk}"') < page.index(f'data-callback="{late.pk}"')
    assert f'data-callback="{hidden.pk}"' not in page
    hidden_outcome = client.post(f"/agent/callbacks/{hidden.pk}/outcome/", {"outcome": "reached"})
    assert hidden_outcome.status_code == 404


def test_an_outcome_button_records_a_try(client, agent, team):
    callback = _callback(open_ticket(team=team), hours=2)
    client.force_login(agent)
    response = client.post(f"/agent/callbacks/{callback.pk}/outcome/", {"outcome": "no_answer"})
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.attempts == 1
    note = callback.ticket.messages.latest("pk")
    assert "Callback try 1 to +14155550100: no answer." in note.body_text


def test_the_callbacks_inbox_view_orders_tickets_by_window(client, lead, team):
    late = _callback(open_ticket(team=team), hours=5).ticket
    early = _callback(open_ticket(team=team), hours=2).ticket
    open_ticket(team=team)  # no callback: not in the view
    client.force_login(lead)
    page = client.get("/agent/views/callbacks/").content.decode()
    assert page.count("data-row") == 2
    assert page.index(f"#{early.number}<") < page.index(f"#{late.number}<")
