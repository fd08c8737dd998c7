"""The console's beat keeps an agent who keeps working available for chat; one who left
the console open turns away after the auto-away delay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.chat.actions import availability_set
from realdesk.chat.models import AgentAvailability
from realdesk.chat.selectors import agents_online

pytestmark = pytest.mark.django_db


def _idle_for(agent, seconds: int) -> None:
    AgentAvailability.objects.filter(agent=agent).update(
        seen_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_beat_keeps_an_available_agent_online(client, agent, settings):
    availability_set(agent=agent, state="available")
    _idle_for(agent, settings.REALDESK_CHAT_AUTO_AWAY_SECONDS + 1)
    assert agents_online() == 0, "past the delay with no sign of life: away"
    client.force_login(agent)
    response = client.post("/agent/presence/chat/")
    assert response.status_code == 204
    assert agents_online() == 1


def test_a_beat_never_makes_an_away_or_offline_agent_available(client, agent):
    availability_set(agent=agent, state="away")
    client.force_login(agent)
    client.post("/agent/presence/chat/")
    assert AgentAvailability.objects.get(agent=agent).state == "away"
    assert agents_online() == 0


def test_a_beat_needs_a_signed_in_agent_and_a_post(client, agent):
    assert client.post("/agent/presence/chat/").status_code == 302  # to the sign-in page
    client.force_login(agent)
    assert client.get("/agent/presence/chat/").status_code == 405


def test_every_console_page_carries_the_beat(client, agent):
    client.force_login(agent)
    assert 'data-chat-beat="/agent/presence/chat/"' in client.get("/agent/").text
