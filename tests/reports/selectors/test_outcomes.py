"""Reopens within a week, CSAT and NPS, on histories with known answers."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.reports.actions import rollup_days
from realdesk.reports.selectors import csat, nps, reopen_rate
from realdesk.reports.selectors.outcomes import satisfaction_by_week
from realdesk.surveys.actions import nps_ask_due, nps_record, rating_ask, rating_record
from realdesk.surveys.models import NpsSurvey
from realdesk.tickets.actions import message_receive, message_send, ticket_set_status
from realdesk.tickets.choices import Channel, EventKind, Status
from reports.conftest import berlin, between

pytestmark = pytest.mark.django_db


def solved(ticket, *, by, at):
    message_send(ticket=ticket, agent=by, body_text="Fixed.", at=at - timedelta(minutes=5))
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=by, at=at)
    return ticket


def customer_writes(ticket, at):
    return message_receive(
        ticket=ticket,
        customer=ticket.customer,
        body_text="Still broken.",
        channel=Channel.EMAIL,
        at=at,
    )


def test_reopen_rate_counts_returns_within_seven_days(lead, late_november):
    monday = berlin(2026, 11, 23, 10)
    back_soon = solved(open_ticket(at=monday), by=lead, at=monday)
    customer_writes(back_soon, monday + timedelta(days=2))  # reopened: counts
    back_late = solved(open_ticket(at=monday), by=lead, at=monday)
    customer_writes(back_late, monday + timedelta(days=8))  # too late to count
    closed = solved(open_ticket(at=monday), by=lead, at=monday)
    ticket_set_status(ticket=closed, status=Status.CLOSED, actor=lead, at=monday + timedelta(1))
    customer_writes(closed, monday + timedelta(days=3))  # a follow-up ticket: counts
    solved(open_ticket(at=monday), by=lead, at=monday)  # stays solved
    result = reopen_rate(actor=lead, flt=late_november)
    # Four solves in the period; two customers came back within the week.
    assert (result.solved, result.reopened, result.rate) == (4, 2, 0.5)


def test_a_solve_reopened_and_solved_again_counts_twice(lead, late_november):
    monday = berlin(2026, 11, 23, 10)
    ticket = solved(open_ticket(at=monday), by=lead, at=monday)
    customer_writes(ticket, monday + timedelta(days=1))
    solved(ticket, by=lead, at=monday + timedelta(days=2))
    result = reopen_rate(actor=lead, flt=late_november)
    assert (result.solved, result.reopened) == (2, 1)


@pytest.mark.parametrize("until_hour", [24, 11])
def test_reopens_read_from_rollups_equal_live_ones(lead, settings, until_hour):
    """Whole days and a prefix of a day (to 11:00 on Wednesday, read as the prefix to 11:00
    and the half hour after it live) count the same solves and reopens as a live read."""
    settings.TIME_ZONE = "Europe/Berlin"
    monday = berlin(2026, 11, 23, 10)
    back_soon = solved(open_ticket(at=monday), by=lead, at=monday)
    customer_writes(back_soon, monday + timedelta(days=2))
    solved(back_soon, by=lead, at=berlin(2026, 11, 25, 10, 45))
    closed = solved(open_ticket(at=monday), by=lead, at=berlin(2026, 11, 25, 11, 10))
    ticket_set_status(ticket=closed, status=Status.CLOSED, actor=lead, at=monday + timedelta(3))
    customer_writes(closed, monday + timedelta(days=4))  # a follow-up ticket: counts
    until = berlin(2026, 11, 26) if until_hour == 24 else berlin(2026, 11, 25, until_hour, 30)
    flt = between(berlin(2026, 11, 23), until)
    live = reopen_rate(actor=lead, flt=flt)
    rollup_days(first=date(2026, 11, 23), last=date(2026, 11, 25))
    assert reopen_rate(actor=lead, flt=flt) == live
    # Monday's solve came back on Wednesday; Wednesday 11:10's by a follow-up on Friday.
    assert (live.solved, live.reopened) == (3, 2)


def rate(ticket, lead, score, comment=""):
    solved(ticket, by=lead, at=timezone.now())
    solve = ticket.events.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED).latest("pk")
    return rating_record(rating=rating_ask(solve_event=solve), score=score, comment=comment)


@pytest.fixture
def today():
    now = timezone.now()
    return between(now - timedelta(days=1), now + timedelta(days=1))


def test_csat_is_the_share_of_good_among_answers_with_the_comments(team, lead, today):
    rate(open_ticket(team=team), lead, "good", "Quick, thanks")
    rate(open_ticket(team=team), lead, "good")
    rate(open_ticket(team=team), lead, "bad", "Took a week")
    unanswered = solved(open_ticket(team=team), by=lead, at=timezone.now())
    rating_ask(solve_event=unanswered.events.latest("pk"))
    rate(open_ticket(team=TeamFactory(name="Billing")), lead, "bad")
    result = csat(actor=lead, flt=today)
    assert (result.good, result.bad, result.rate) == (2, 2, 0.5)
    assert [c.text for c in result.comments] == ["Took a week", "Quick, thanks"]
    assert csat(actor=lead, flt=between(today.since, today.until, team_id=team.pk)).bad == 1
    assert csat(actor=AgentFactory(teams=[team]), flt=today).bad == 1  # not Billing's


def test_nps_is_promoters_minus_detractors(lead, today):
    for _ in range(4):
        solved(open_ticket(), by=lead, at=timezone.now())
    assert nps_ask_due() == 4
    surveys = list(NpsSurvey.objects.order_by("pk"))
    for survey, score in zip(surveys, (10, 9, 7, 3), strict=True):
        nps_record(survey=survey, score=score, comment="Slow" if score < 7 else "")
    result = nps(actor=lead, flt=today)
    assert (result.bands.promoters, result.bands.passives, result.bands.detractors) == (2, 1, 1)
    assert result.bands.score == 25.0
    assert [(c.score, c.text) for c in result.comments] == [(3, "Slow")]


def test_satisfaction_by_week_lists_every_week_of_the_period(team, lead):
    rate(open_ticket(team=team), lead, "good")
    rate(open_ticket(team=team), lead, "bad")
    assert nps_ask_due() == 2
    nps_record(survey=NpsSurvey.objects.order_by("pk").first(), score=10)
    now = timezone.now()
    today = timezone.localdate(now)
    this_monday = today - timedelta(days=today.weekday())
    flt = between(now - timedelta(days=14), now)  # answers were recorded before `now`
    weeks = satisfaction_by_week(actor=lead, flt=flt)
    assert [week.start for week in weeks][-1] == this_monday
    assert len(weeks) == 3  # two weeks back starts two Mondays ago
    assert (weeks[-1].good, weeks[-1].bad, weeks[-1].csat) == (1, 1, 0.5)
    assert weeks[-1].bands.score == 100.0
    assert (weeks[0].good, weeks[0].csat, weeks[0].bands.score) == (0, None, None)
