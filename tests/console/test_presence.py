from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory
from realdesk.tickets.actions import note_add
from realdesk.tickets.selectors import ticket_latest_event_id
from realdesk.workspace.models import Presence

pytestmark = pytest.mark.django_db


def beat(client, ticket, state="viewing", seen=""):
    return client.post(
        f"/agent/tickets/{ticket.number}/presence/", {"state": state, "seen_event": seen}
    )


def test_agents_see_each_other_viewing_and_typing(client, agent, team, ticket):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    client.force_login(colleague)
    assert "is " not in beat(client, ticket, "typing").text
    client.force_login(agent)
    fragment = beat(client, ticket).text
    assert "<strong>Mei Chen</strong> is typing a reply" in fragment
    assert "<html" not in fragment
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert "Mei Chen</strong> is typing a reply" in page


def test_old_beats_are_ignored(client, agent, team, ticket):
    colleague = AgentFactory(full_name="Gone Away", teams=[team])
    Presence.objects.create(
        ticket=ticket,
        agent=colleague,
        state="viewing",
        seen_at=timezone.now() - timedelta(seconds=30),
    )
    client.force_login(agent)
    assert "Gone Away" not in beat(client, ticket).text


def test_beat_reports_changes_by_others(client, agent, team, ticket):
    seen = ticket_latest_event_id(ticket=ticket)
    client.force_login(agent)
    assert "changed since you opened it" not in beat(client, ticket, seen=seen).text
    note_add(ticket=ticket, agent=AgentFactory(teams=[team]), body_text="FYI")
    assert "changed since you opened it (1 update)" in beat(client, ticket, seen=seen).text


def test_bad_state_is_refused_and_not_stored(client, agent, ticket):
    client.force_login(agent)
    response = beat(client, ticket, "lurking")
    assert response.status_code == 400
    assert "Unknown presence state" in response.text
    assert not Presence.objects.exists()
