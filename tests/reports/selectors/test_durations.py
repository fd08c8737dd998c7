"""First response and resolution times, in business and in calendar time."""

import pytest

from factories import open_ticket
from realdesk.reports.selectors import first_response, resolution
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Channel, Status
from reports.conftest import H, berlin, between

pytestmark = pytest.mark.django_db


def answered(opened, replied, *, agent, channel=Channel.EMAIL, team=None):
    ticket = open_ticket(at=opened, channel=channel, team=team)
    message_send(ticket=ticket, agent=agent, body_text="On it.", at=replied)
    return ticket


@pytest.fixture
def three_answers(policy, lead):
    """Friday 16:00 answered Monday 10:00 (1 h + 1 h open), Monday 09:00 at 09:30, and
    Tuesday 08:00, before opening, at 12:00 (3 h open)."""
    return [
        answered(berlin(2026, 11, 27, 16), berlin(2026, 11, 30, 10), agent=lead),
        answered(berlin(2026, 11, 30, 9), berlin(2026, 11, 30, 9, 30), agent=lead, channel="web"),
        answered(berlin(2026, 12, 1, 8), berlin(2026, 12, 1, 12), agent=lead),
    ]


def test_first_response_counts_open_hours_across_the_weekend(three_answers, lead, late_november):
    result = first_response(actor=lead, flt=late_november)
    assert result.overall.count == 3
    assert result.overall.median == 2 * H.total_seconds()
    assert result.overall.p90 == pytest.approx(2.8 * H.total_seconds())  # 2 h + 0.8 * 1 h
    assert result.by_channel["web"].median == 0.5 * H.total_seconds()
    assert result.by_channel["email"].count == 2


def test_calendar_time_counts_the_weekend_too(three_answers, lead, late_november):
    flt = between(late_november.since, late_november.until, business_hours=False)
    result = first_response(actor=lead, flt=flt)
    assert result.overall.median == 4 * H.total_seconds()  # 0.5 h, 4 h and 66 h
    assert result.overall.buckets == (1, 0, 1, 0, 1, 0, 0)  # 4 h opens the 4-8 h bucket


def test_only_answers_inside_the_period_count(three_answers, lead):
    flt = between(berlin(2026, 11, 30), berlin(2026, 11, 30, 10))  # Monday before 10:00
    assert first_response(actor=lead, flt=flt).overall.count == 1  # the 09:30 answer


def test_across_the_dst_change(policy, lead):
    """Clocks went back on Sunday 25 October 2026: Friday 16:00 to Monday 10:00 is still
    2 open hours, but 67 hours of calendar time, not 66."""
    answered(berlin(2026, 10, 23, 16), berlin(2026, 10, 26, 10), agent=lead)
    week = (berlin(2026, 10, 19), berlin(2026, 11, 2))
    business = first_response(actor=lead, flt=between(*week))
    calendar = first_response(actor=lead, flt=between(*week, business_hours=False))
    assert business.overall.median == 2 * H.total_seconds()
    assert calendar.overall.median == 67 * H.total_seconds()


def test_a_ticket_without_policy_counts_calendar_time(lead, late_november):
    answered(berlin(2026, 11, 27, 16), berlin(2026, 11, 30, 10), agent=lead)  # no policy yet
    assert first_response(actor=lead, flt=late_november).overall.median == 66 * 3600


def test_resolution_runs_from_opening_to_the_solve_including_waiting(policy, lead, late_november):
    """Answered Friday 16:30 (then pending, waiting on the customer), solved Tuesday 11:00:
    1 h Friday + 8 h Monday + 2 h Tuesday = 11 open hours."""
    ticket = answered(berlin(2026, 11, 27, 16), berlin(2026, 11, 27, 16, 30), agent=lead)
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=lead, at=berlin(2026, 12, 1, 11))
    result = resolution(actor=lead, flt=late_november)
    assert (result.overall.count, result.overall.median) == (1, 11 * H.total_seconds())


def test_a_reopened_ticket_is_not_resolved(policy, lead, late_november):
    ticket = answered(berlin(2026, 11, 30, 9), berlin(2026, 11, 30, 10), agent=lead)
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=lead, at=berlin(2026, 11, 30, 11))
    ticket_set_status(ticket=ticket, status=Status.OPEN, actor=lead, at=berlin(2026, 11, 30, 12))
    assert resolution(actor=lead, flt=late_november).overall.count == 0
