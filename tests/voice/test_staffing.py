"""The lead's staffing week: calls expected from history, agents on and agents needed."""

from datetime import UTC, datetime, timedelta

import pytest

from factories import AgentFactory, open_ticket
from realdesk.core.errors import PermissionDeniedError
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message
from realdesk.voice.choices import CallStatus
from realdesk.voice.models import Call
from realdesk.voice.selectors import staffing_plan

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # a Saturday
LAST_MONDAY_TEN = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@pytest.fixture
def busy_mondays():
    """40 calls in each of the last four Mondays' 10:00 hour: 40 an hour expected."""
    Call.objects.bulk_create(
        Call(
            provider="twilio",
            provider_id=f"CA{week}-{n}",
            from_number="+14155550100",
            language="en",
            status=CallStatus.ENDED,
            started_at=LAST_MONDAY_TEN - timedelta(weeks=week) + timedelta(seconds=80 * n),
        )
        for week in range(4)
        for n in range(40)
    )


def test_the_busy_hour_needs_six_agents_for_80_percent_in_20_seconds(lead, busy_mondays):
    AgentFactory()
    hours = {hour.start: hour for hour in staffing_plan(actor=lead, now=NOW)}
    assert len(hours) == 7 * 24
    monday = hours[LAST_MONDAY_TEN + timedelta(weeks=1)]
    # 40 calls an hour of 5 minutes each is 3.3 erlangs: 5 agents answer 71% within
    # 20 s, 6 agents 88% (Erlang C, sla/erlang.py).
    assert monday.expected_calls == 40
    assert monday.agents_needed == 6
    assert monday.agents_scheduled == 2  # the lead and the agent; the desk is always open
    assert monday.short == 4
    quiet = hours[LAST_MONDAY_TEN + timedelta(weeks=1, hours=3)]
    assert quiet.expected_calls == 0
    assert quiet.agents_needed == 0


def test_agents_available_are_those_who_worked_that_hour(lead, agent, customer):
    """Two agents wrote in the 10:00 hour of the Monday before last, one of them twice; one
    wrote last Monday: (2 + 1) / 4 weeks."""
    ticket = open_ticket(customer=customer)
    for weeks_back, author in ((1, agent), (1, agent), (1, lead), (0, agent)):
        Message.objects.create(
            ticket=ticket,
            direction=Direction.NOTE,
            channel=ticket.channel,
            author_agent=author,
            body_text="On it.",
            created_at=LAST_MONDAY_TEN - timedelta(weeks=weeks_back) + timedelta(minutes=20),
        )
    hours = {hour.start: hour for hour in staffing_plan(actor=lead, now=NOW)}
    assert hours[LAST_MONDAY_TEN + timedelta(weeks=1)].agents_available == 0.75
    assert hours[LAST_MONDAY_TEN + timedelta(weeks=1, hours=1)].agents_available == 0


def test_staffing_is_for_leads(agent):
    with pytest.raises(PermissionDeniedError):
        staffing_plan(actor=agent, now=NOW)


def test_the_staffing_page(client, lead, agent, busy_mondays):
    client.force_login(agent)
    refused = client.get("/agent/staffing/")
    assert refused.status_code == 403
    assert "Not allowed" in refused.text
    assert "Back to your views" in refused.text
    client.force_login(lead)
    page = client.get("/agent/staffing/").content.decode()
    assert "Agents needed" in page
    assert "Agents available" in page
