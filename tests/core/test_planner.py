"""Planner settings and statistics (core/planner.py)."""

import pytest
from django.db import connection

from factories import open_ticket
from realdesk.core import periodic
from realdesk.core.tasks import refresh_planner_statistics
from realdesk.tickets.inbox import TicketFilters, inbox_page, inbox_view

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_sqlite_gets_planner_statistics_periodically(agent, team):
    """Without statistics SQLite read the inbox views through the index on `merged_into`
    (null on nearly every ticket): 1-3 s a page at 100,000 tickets (issue #22)."""
    open_ticket(team=team)
    jobs = {job.name for job in periodic.registered_jobs()}
    assert refresh_planner_statistics.module_path in jobs

    refresh_planner_statistics.call()

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"tickets_ticket", "tickets_message"} <= analysed
    page = inbox_page(actor=agent, view=inbox_view("unanswered"), filters=TicketFilters())
    assert len(page.tickets) == 1
