"""Callbacks kept within their window: each outcome worked out by hand."""

import pytest
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.reports.selectors import report_summary
from realdesk.reports.selectors.callbacks import callbacks_judged, callbacks_kept_rate
from realdesk.reports.selectors.drilldown import drilldown
from realdesk.voice.choices import CallbackOutcome, CallbackSource, CallbackStatus
from realdesk.voice.models import Callback, CallbackAttempt
from reports.conftest import H, berlin, between

pytestmark = pytest.mark.django_db
#: Monday 23 to Sunday 29 November 2026, Berlin.
WEEK = between(berlin(2026, 11, 23), berlin(2026, 11, 30))


def promised(day: int, *, team, tries=(), status=CallbackStatus.PENDING, agent=None):
    """A callback promised for 14:00-16:00 on `day` of November, with its tries
    [(hour, outcome)] as the voice actions would have recorded them."""
    ticket = open_ticket(team=team, at=berlin(2026, 11, day, 9))
    callback = Callback.objects.create(
        customer=ticket.customer,
        ticket=ticket,
        phone="+4930123456",
        source=CallbackSource.WEB,
        window_start=berlin(2026, 11, day, 14),
        window_end=berlin(2026, 11, day, 16),
        status=status,
        next_try_at=berlin(2026, 11, day, 14),
        created_at=berlin(2026, 11, day, 9),
    )
    for hour, outcome in tries:
        at = berlin(2026, 11, day) + hour * H
        CallbackAttempt.objects.create(callback=callback, agent=agent, outcome=outcome, at=at)
    return callback


@pytest.fixture
def week_of_callbacks(team, lead):
    reached = CallbackOutcome.REACHED
    return {
        "kept": promised(23, team=team, agent=lead, tries=[(15, reached)], status="reached"),
        "kept_at_the_end": promised(
            24, team=team, agent=lead, tries=[(16, reached)], status="reached"
        ),
        "gave_up": promised(
            24,
            team=team,
            agent=lead,
            tries=[(14, CallbackOutcome.NO_ANSWER), (15, CallbackOutcome.VOICEMAIL)],
            status=CallbackStatus.GAVE_UP,
        ),
        "too_late": promised(25, team=team, agent=lead, tries=[(16.5, reached)], status="reached"),
        "too_early": promised(26, team=team, agent=lead, tries=[(13, reached)], status="reached"),
        "wrong_number": promised(
            27,
            team=team,
            agent=lead,
            tries=[(14, CallbackOutcome.WRONG_NUMBER)],
            status=CallbackStatus.WRONG_NUMBER,
        ),
        "never_tried": promised(29, team=team),
        "next_week": promised(30, team=team, agent=lead, tries=[(15, reached)], status="reached"),
    }


def test_kept_means_reached_inside_the_window(week_of_callbacks, lead):
    outcomes = callbacks_kept_rate(actor=lead, flt=WEEK)
    # kept: 23rd at 15:00, 24th at 16:00 sharp; missed: gave up, too late, too early,
    # never tried; the wrong number apart; the 30th is next week's
    assert (outcomes.kept, outcomes.missed, outcomes.open, outcomes.wrong_number) == (2, 4, 0, 1)
    assert outcomes.rate == pytest.approx(2 / 6)


def test_a_window_still_running_is_neither_kept_nor_missed(week_of_callbacks, lead):
    during = berlin(2026, 11, 29, 15)
    judged = callbacks_judged(actor=lead, flt=WEEK, now=during)
    by_ticket = {j.ticket_id: j.outcome for j in judged}
    assert by_ticket[week_of_callbacks["never_tried"].ticket_id] == "open"


def test_the_tickets_behind_missed_callbacks_say_how_late(week_of_callbacks, lead):
    now = timezone.now()
    found = drilldown(actor=lead, flt=WEEK, figure="callbacks_missed", bucket=None, now=now)
    late = {line.ticket.pk: line.seconds for line in found.lines}
    assert late[week_of_callbacks["too_late"].ticket_id] == 30 * 60
    assert late[week_of_callbacks["too_early"].ticket_id] == 0
    never = week_of_callbacks["never_tried"]
    assert late[never.ticket_id] == (now - never.window_end).total_seconds()
    assert week_of_callbacks["kept"].ticket_id not in late
    assert found.total == 4


def test_an_agent_counts_only_the_callbacks_of_tickets_they_may_see(week_of_callbacks):
    outsider = AgentFactory(teams=[TeamFactory(name="Billing")])
    outcomes = callbacks_kept_rate(actor=outsider, flt=WEEK)
    assert (outcomes.kept, outcomes.missed, outcomes.rate) == (0, 0, None)


def test_the_trend_compares_with_the_week_before(week_of_callbacks, lead, team):
    promised(17, team=team, agent=lead, tries=[(15, CallbackOutcome.REACHED)], status="reached")
    trend = report_summary(actor=lead, flt=WEEK, now=timezone.now()).trends()
    assert trend["callbacks_kept_rate"].current == pytest.approx(2 / 6)
    assert trend["callbacks_kept_rate"].previous == 1.0
    assert trend["callbacks_kept_rate"].better is False
