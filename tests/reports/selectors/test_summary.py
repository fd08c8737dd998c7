"""The report's head: every headline figure with its comparison, and who may ask."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.core.errors import PermissionDeniedError
from realdesk.reports.actions import rollup_days
from realdesk.reports.selectors import report_summary, report_teams
from realdesk.reports.selectors.summary import headline
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


@pytest.mark.usefixtures("two_weeks")
def test_a_summary_splits_each_period_once_with_the_same_figures(lead, settings):
    """Every figure asks which days of its period are rolled up (a read of RolledDay): one
    summary asks once per period, and each figure comes out as when asked alone."""
    settings.TIME_ZONE = "Europe/Berlin"
    rollup_days(first=date(2026, 11, 16), last=date(2026, 11, 29))
    flt = between(berlin(2026, 11, 23), berlin(2026, 11, 30))
    with CaptureQueriesContext(connection) as queries:
        summary = report_summary(actor=lead, flt=flt, now=berlin(2026, 11, 30))
    splits = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(
            'SELECT "reports_rolledday"."day" AS "day", "reports_rolledday"."hours" AS "hours"'
        )
    ]
    # The period and the one before, in business time and in calendar time (the first
    # human answer's figure): not once per figure.
    assert len(splits) == 4
    assert summary.current == headline(actor=lead, flt=flt)
    assert summary.previous == headline(actor=lead, flt=flt.previous())
    assert summary.current.first_response.overall.count == 2  # Support's and Billing's


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
