"""The report's head: every headline figure with its comparison, and who may ask."""

import pytest

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.core.errors import PermissionDeniedError
from realdesk.reports.selectors import report_summary, report_teams
from reports.conftest import berlin, between

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("two_weeks")
def test_summary_compares_with_the_period_before(team, lead):
    """Support's first answers took 1 open hour the week before and 3 this week."""
    flt = between(berlin(2026, 11, 23), berlin(2026, 11, 30), team_id=team.pk)
    summary = report_summary(actor=lead, flt=flt, now=berlin(2026, 11, 30))
    assert summary.current.first_response.overall.median == 3 * 3600
    assert summary.previous.first_response.overall.median == 1 * 3600
    trend = summary.trends()["first_response"]
    assert (trend.change, trend.better) == (2 * 3600, False)
    assert summary.trends()["sla_attainment"].current == 1.0
    assert summary.trends()["csat"].current is None  # nobody rated: no figure, not 0 %
    assert summary.backlog.open == 2  # both answered, now waiting on the customer


def test_an_agent_may_ask_only_about_their_teams(team, agent, lead):
    billing = TeamFactory(name="Billing")
    assert list(report_teams(actor=agent)) == [team]
    assert set(report_teams(actor=lead)) == {team, billing}
    flt = between(berlin(2026, 11, 23), berlin(2026, 11, 30), team_id=billing.pk)
    with pytest.raises(PermissionDeniedError):
        report_summary(actor=agent, flt=flt, now=berlin(2026, 11, 30))
    assert report_summary(actor=lead, flt=flt, now=berlin(2026, 11, 30)).backlog.open == 0


def test_an_inactive_agent_counts_nothing(team, lead):
    open_ticket(team=team)
    gone = AgentFactory(teams=[team], is_active=False)
    flt = between(berlin(2026, 11, 23), berlin(2026, 11, 30))
    assert report_summary(actor=gone, flt=flt, now=berlin(2026, 11, 30)).backlog.open == 0
