"""The tickets behind a figure: the same tickets the figure counts, longest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.reports.selectors.drilldown import drilldown
from realdesk.sla.actions import sla_evaluate
from realdesk.tickets.actions import message_send
from reports.conftest import H, berlin, between

pytestmark = pytest.mark.django_db

WEEK = (berlin(2026, 11, 23), berlin(2026, 11, 30))


def numbers(result) -> list[int]:
    return [line.ticket.number for line in result.lines]


@pytest.mark.usefixtures("two_weeks")
def test_first_response_lists_the_counted_tickets_longest_first(lead, team):
    result = drilldown(
        actor=lead, flt=between(*WEEK), figure="first_response", bucket=None, now=WEEK[1]
    )
    assert result.total == 2
    assert [line.seconds for line in result.lines] == [14 * 3600, 3 * 3600]
    assert result.lines[1].ticket.team == team
    one_bar = drilldown(
        actor=lead, flt=between(*WEEK), figure="first_response", bucket=1, now=WEEK[1]
    )
    assert [line.seconds for line in one_bar.lines] == [3 * 3600]  # the 1-4 h bar


@pytest.mark.usefixtures("two_weeks")
def test_an_agent_drills_into_their_teams_tickets_only(agent):
    result = drilldown(
        actor=agent, flt=between(*WEEK), figure="first_response", bucket=None, now=WEEK[1]
    )
    assert [line.seconds for line in result.lines] == [3 * 3600]


def test_missed_targets_and_how_long_past(policy, lead):
    """Due Monday 17:00 and still unanswered at Tuesday 12:00: 19 hours past."""
    opened = berlin(2026, 11, 23, 9)
    late = open_ticket(at=opened)
    sla_evaluate(now=opened + 9 * H)
    now = berlin(2026, 11, 24, 12)
    result = drilldown(actor=lead, flt=between(*WEEK), figure="sla_missed", bucket=None, now=now)
    assert numbers(result) == [late.number]
    assert result.lines[0].seconds == 19 * 3600


def test_a_missed_target_met_later_counts_until_it_was_met(policy, lead):
    """Both due Monday 17:00: one answered Tuesday 15:00 (22 hours past), the other not yet
    on Wednesday 12:00 (43 hours past, until now)."""
    opened = berlin(2026, 11, 23, 9)
    unanswered, answered = open_ticket(at=opened), open_ticket(at=opened)
    sla_evaluate(now=opened + 9 * H)
    message_send(ticket=answered, agent=lead, body_text="Sorry", at=berlin(2026, 11, 24, 15))
    now = berlin(2026, 11, 25, 12)
    result = drilldown(actor=lead, flt=between(*WEEK), figure="sla_missed", bucket=None, now=now)
    assert [(line.ticket, line.seconds) for line in result.lines] == [
        (unanswered, 43 * 3600),
        (answered, 22 * 3600),
    ]


def test_backlog_by_age_bar(lead):
    now = timezone.now()
    fresh = open_ticket(at=now - timedelta(hours=3))
    old = open_ticket(at=now - timedelta(days=40))
    flt = between(now - timedelta(days=7), now)
    every = drilldown(actor=lead, flt=flt, figure="backlog", bucket=None, now=now)
    assert numbers(every) == [old.number, fresh.number]
    oldest = drilldown(actor=lead, flt=flt, figure="backlog", bucket=4, now=now)
    assert numbers(oldest) == [old.number]
    assert numbers(drilldown(actor=lead, flt=flt, figure="backlog", bucket=0, now=now)) == [
        fresh.number
    ]


@pytest.mark.parametrize(
    ("figure", "bucket", "code"),
    [("handle_time", None, "unknown_figure"), ("backlog", 5, "unknown_bucket")],
)
def test_unknown_figures_and_bars_are_refused(lead, figure, bucket, code):
    with pytest.raises(ApplicationError) as error:
        drilldown(actor=lead, flt=between(*WEEK), figure=figure, bucket=bucket, now=WEEK[1])
    assert error.value.code == code


def test_a_team_outside_the_agents_is_refused(team):
    outsider = AgentFactory(teams=[team])
    flt = between(*WEEK, team_id=TeamFactory(name="Billing").pk)
    with pytest.raises(PermissionDeniedError):
        drilldown(actor=outsider, flt=flt, figure="backlog", bucket=None, now=WEEK[1])
