"""Hand-made histories for reports: tickets opened, answered and solved at chosen instants
through the real actions, so every figure is checked against an answer worked out by hand."""

from datetime import datetime

import pytest

from factories import TeamFactory, open_ticket
from realdesk.reports.filters import ReportFilter
from realdesk.reports.periods import Period
from realdesk.tickets.actions import message_send
from sla.conftest import BERLIN, H, berlin, office, policy

__all__ = ["BERLIN", "H", "berlin", "between", "office", "policy"]


def between(since: datetime, until: datetime, **options) -> ReportFilter:
    return ReportFilter(period=Period.between(since, until), **options)


@pytest.fixture
def two_weeks(policy, team, lead):
    """Support answered in 1 open hour the week of 16 November and in 3 the week of
    23 November; Billing on Tuesday 24th 15:00, 14 open hours after Monday 09:00, past
    its 8-hour target. For the API and the page, which show these figures."""
    for week, hours, who in (
        (berlin(2026, 11, 16, 9), 1, team),
        (berlin(2026, 11, 23, 9), 3, team),
        (berlin(2026, 11, 23, 9), 30, TeamFactory(name="Billing")),
    ):
        ticket = open_ticket(team=who, at=week)
        message_send(ticket=ticket, agent=lead, body_text="Hi", at=week + hours * H)


@pytest.fixture
def late_november():
    """Monday 23 November to Sunday 6 December 2026 in Berlin."""
    return between(berlin(2026, 11, 23), berlin(2026, 12, 7))
