"""The backlog now: open tickets by age, unowned, per team."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import TeamFactory, open_ticket
from realdesk.reports.selectors import backlog
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Status
from reports.conftest import between

pytestmark = pytest.mark.django_db


def test_backlog_by_age_owner_and_team(team, lead):
    now = timezone.now()
    billing = TeamFactory(name="Billing")
    for age, who in [
        (timedelta(hours=2), team),
        (timedelta(days=1), team),  # exactly a day: the 1-3 d bucket
        (timedelta(days=5), billing),
        (timedelta(days=45), None),
    ]:
        open_ticket(team=who, at=now - age)
    owned = open_ticket(team=team, at=now - timedelta(days=10))
    message_send(ticket=owned, agent=lead, body_text="Looking.", at=now - timedelta(days=9))
    done = open_ticket(team=team, at=now - timedelta(days=2))
    message_send(ticket=done, agent=lead, body_text="Fixed.", at=now - timedelta(days=1))
    ticket_set_status(ticket=done, status=Status.SOLVED, actor=lead)
    flt = between(now - timedelta(days=7), now)
    result = backlog(actor=lead, flt=flt, now=now)
    assert (result.open, result.unowned) == (5, 4)
    assert result.by_age == (1, 1, 1, 1, 1)  # < 1 d, 1-3 d, 3-7 d, 7-30 d, >= 30 d
    assert result.by_team == {team.pk: 3, billing.pk: 1, None: 1}
    only_team = backlog(actor=lead, flt=between(flt.since, flt.until, team_id=team.pk), now=now)
    assert (only_team.open, only_team.by_age) == (3, (1, 1, 0, 1, 0))
