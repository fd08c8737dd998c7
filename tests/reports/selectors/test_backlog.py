"""The backlog now: open tickets by age, unowned, per team."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.reports.figures import distribution
from realdesk.reports.selectors import backlog
from realdesk.reports.selectors.backlog import unowned_time, unowned_times
from realdesk.reports.selectors.drilldown import drilldown
from realdesk.reports.selectors.scope import owner_names
from realdesk.tickets.actions import message_send, ticket_assign, ticket_set_status
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket
from reports.conftest import H, between

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


def test_backlog_by_owner_and_team_with_ages(team, lead, agent):
    now = timezone.now()
    colleague = AgentFactory(teams=[team])
    for age, who in [(timedelta(hours=5), agent), (timedelta(days=4), agent)]:
        mine = open_ticket(team=team, at=now - age)
        message_send(ticket=mine, agent=who, body_text="Mine.", at=now - age + timedelta(hours=1))
    theirs = open_ticket(team=team, at=now - timedelta(days=40))
    message_send(ticket=theirs, agent=colleague, body_text="On it.", at=now - timedelta(days=39))
    open_ticket(team=team, at=now - timedelta(days=2))
    flt = between(now - timedelta(days=7), now)
    seen_by_lead = backlog(actor=lead, flt=flt, now=now)
    assert seen_by_lead.owner_ages == {
        agent.pk: (1, 0, 1, 0, 0),
        colleague.pk: (0, 0, 0, 0, 1),
        None: (0, 1, 0, 0, 0),
    }
    assert seen_by_lead.team_ages == {team.pk: (1, 1, 1, 0, 1)}
    # an agent reads their team's figures and their own row, never a colleague's
    seen_by_agent = backlog(actor=agent, flt=flt, now=now)
    assert seen_by_agent.owner_ages == {agent.pk: (1, 0, 1, 0, 0)}
    assert seen_by_agent.team_ages == seen_by_lead.team_ages
    assert owner_names(actor=agent, owner_ids=seen_by_lead.owner_ages) == {agent.pk: str(agent)}
    assert set(owner_names(actor=lead, owner_ids=seen_by_lead.owner_ages)) == {
        agent.pk,
        colleague.pk,
    }


def test_unowned_time_from_the_owner_changes(team, lead):
    now = timezone.now()
    taken = open_ticket(team=team, at=now - 10 * H)
    message_send(ticket=taken, agent=lead, body_text="Mine.", at=now - 6 * H)  # 4 h unowned
    waiting = open_ticket(team=team, at=now - 3 * H)  # 3 h and counting
    dropped = open_ticket(team=team, at=now - 30 * H)
    message_send(ticket=dropped, agent=lead, body_text="Mine.", at=now - 29 * H)  # 1 h
    ticket_assign(ticket=dropped, owner=None, actor=lead)  # unowned again from now
    # imported with its owner and no history of owner changes: never without one
    given = open_ticket(team=team, at=now - 2 * H)
    Ticket.objects.filter(pk=given.pk).update(owner=lead)
    flt = between(now - timedelta(days=7), now)
    times = unowned_times(actor=lead, flt=flt, now=now)
    assert times[taken.pk] == pytest.approx(4 * 3600)
    assert times[waiting.pk] == pytest.approx(3 * 3600)
    assert times[dropped.pk] == pytest.approx(3600, abs=60)
    assert times[given.pk] == 0
    later = unowned_times(actor=lead, flt=flt, now=now + H)
    assert later[dropped.pk] == pytest.approx(2 * 3600, abs=60)  # counting again
    figure = unowned_time(actor=lead, flt=flt, now=now)
    assert figure.count == 4
    assert figure.median == pytest.approx((3600 + 3 * 3600) / 2, abs=30)
    # counted in the database to the minute: the drill-down's seconds, rounded alike
    assert figure == distribution(sorted(60.0 * round(s / 60) for s in times.values()))
    found = drilldown(actor=lead, flt=flt, figure="unowned", bucket=1, now=now)  # 1-4 h
    assert {line.ticket.pk for line in found.lines} == {waiting.pk, dropped.pk}
