"""Hand-made histories for reports: tickets opened, answered and solved at chosen instants
through the real actions, so every figure is checked against an answer worked out by hand."""

from datetime import datetime

import pytest

from realdesk.reports.filters import ReportFilter
from realdesk.reports.periods import Period
from sla.conftest import BERLIN, H, berlin, office, policy  # noqa: F401 - fixtures

__all__ = ["BERLIN", "H", "berlin", "between"]


def between(since: datetime, until: datetime, **options) -> ReportFilter:
    return ReportFilter(period=Period.between(since, until), **options)


@pytest.fixture
def late_november():
    """Monday 23 November to Sunday 6 December 2026 in Berlin."""
    return between(berlin(2026, 11, 23), berlin(2026, 12, 7))
