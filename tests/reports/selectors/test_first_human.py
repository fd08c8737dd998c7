"""The wait for a person per ticket, chat and phone queues included, worked out by hand."""

from datetime import date

import pytest
from django.utils import timezone

from factories import open_ticket
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.reports.actions import rollup_days
from realdesk.reports.selectors import report_summary
from realdesk.reports.selectors.drilldown import drilldown
from realdesk.reports.selectors.first_human import human_wait
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import Channel
from realdesk.voice.choices import CallStatus
from realdesk.voice.models import Call, QueueEntry
from reports.conftest import H, berlin, between

pytestmark = pytest.mark.django_db
MIN = H / 60
#: Monday 23 to Sunday 29 November 2026, Berlin.
WEEK = between(berlin(2026, 11, 23), berlin(2026, 11, 30))


def chatted(*, started, accepted, team, agent, replied=None):
    ticket = open_ticket(team=team, channel=Channel.CHAT, at=started)
    ChatSession.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        token_hash=f"{ticket.pk:064d}",
        status=SessionStatus.ACTIVE,
        agent=agent,
        started_at=started,
        accepted_at=accepted,
    )
    if replied:
        message_send(ticket=ticket, agent=agent, body_text="Hello", at=replied)
    return ticket


def called(*, rang, left, result, team, agent=None, replied=None):
    """A call that rang at `rang` and left the queue at `left`, when its ticket opened
    (voice.actions.call_leave_queue)."""
    ticket = open_ticket(team=team, channel=Channel.PHONE, at=left)
    call = Call.objects.create(
        provider="twilio",
        provider_id=f"CA{ticket.pk}",
        from_number="+4930123456",
        customer=ticket.customer,
        ticket=ticket,
        language="en",
        status=CallStatus.ANSWERED if result == "bridged" else CallStatus.MISSED,
        started_at=rang,
    )
    QueueEntry.objects.create(
        call=call,
        entered_at=rang + MIN,
        left_at=left,
        wait_seconds=(left - rang - MIN).total_seconds(),
        result=result,
    )
    if replied:
        message_send(ticket=ticket, agent=agent, body_text="We called.", at=replied)
    return ticket


@pytest.fixture
def waits(policy, team, lead):
    monday = berlin(2026, 11, 23)
    emailed = open_ticket(team=team, at=monday + 9 * H)
    message_send(ticket=emailed, agent=lead, body_text="Hi", at=monday + 11 * H)
    return {
        "email": emailed,
        # the agent accepted after 5 minutes and wrote a minute later: 5 minutes
        "chat": chatted(
            started=monday + 10 * H,
            accepted=monday + 10 * H + 5 * MIN,
            replied=monday + 10 * H + 6 * MIN,
            team=team,
            agent=lead,
        ),
        # bridged after 10 minutes of menu and queue: the ticket opened only then
        "picked_up": called(
            rang=monday + 12 * H, left=monday + 12 * H + 10 * MIN, result="bridged", team=team
        ),
        # hung up after 3 minutes, called back by email 2 hours later: 2 h 3 min
        "hung_up": called(
            rang=monday + 13 * H,
            left=monday + 13 * H + 3 * MIN,
            result="hangup",
            team=team,
            agent=lead,
            replied=monday + 15 * H + 3 * MIN,
        ),
        # accepted the Sunday before: the previous week's
        "last_week": chatted(
            started=monday - 2 * H, accepted=monday - H, replied=monday + H, team=team, agent=lead
        ),
        # still waiting in the queue: not answered, not counted
        "waiting": chatted(started=monday + 14 * H, accepted=None, team=team, agent=None),
    }


def test_each_channel_waits_from_first_contact_to_first_person(waits, lead):
    figure = human_wait(actor=lead, flt=WEEK)
    by_channel = figure.by_channel
    assert by_channel[Channel.EMAIL].median == 2 * H.total_seconds()
    assert by_channel[Channel.CHAT].count == 1
    assert by_channel[Channel.CHAT].median == 5 * 60
    assert by_channel[Channel.PHONE].count == 2
    assert by_channel[Channel.PHONE].median == (10 * 60 + 123 * 60) / 2
    assert figure.overall.count == 4


def test_calendar_time_even_when_the_page_counts_business_hours(waits, lead):
    """The email was answered after 2 open hours too: the figure is the same either way,
    while a weekend answer would differ; the queue waits never depend on a calendar."""
    business = human_wait(actor=lead, flt=WEEK)
    calendar = human_wait(actor=lead, flt=between(WEEK.since, WEEK.until, business_hours=False))
    assert business == calendar


def test_the_tickets_behind_it_with_their_waits(waits, lead):
    found = drilldown(actor=lead, flt=WEEK, figure="human_wait", bucket=None, now=timezone.now())
    seconds = {line.ticket.pk: line.seconds for line in found.lines}
    assert seconds == {
        waits["hung_up"].pk: 123 * 60,
        waits["email"].pk: 2 * 3600,
        waits["picked_up"].pk: 10 * 60,
        waits["chat"].pk: 5 * 60,
    }
    under_an_hour = drilldown(
        actor=lead, flt=WEEK, figure="human_wait", bucket=0, now=timezone.now()
    )
    assert {line.ticket.pk for line in under_an_hour.lines} == {
        waits["picked_up"].pk,
        waits["chat"].pk,
    }


def test_the_trend_compares_with_the_week_before(waits, lead):
    trend = report_summary(actor=lead, flt=WEEK, now=timezone.now()).trends()["human_wait"]
    assert trend.current == (10 * 60 + 2 * 3600) / 2  # median of 5 min, 10 min, 2 h, 2 h 3 min
    assert trend.previous == 3600  # the Sunday chat: from 22:00 to its acceptance at 23:00
    assert trend.better is False  # longer than the week before


def test_an_agent_reads_it_live_for_their_teams(waits, agent):
    figure = human_wait(actor=agent, flt=WEEK)
    assert figure.overall.count == 4


def test_the_same_from_rollups_with_the_queued_tickets_read_live(waits, lead, team, settings):
    """A lead's week reads the first responses from rollups (whole minutes); a ticket with
    a chat or a call has its rolled-up reply taken out and its queue wait put in."""
    settings.TIME_ZONE = "Europe/Berlin"
    monday = berlin(2026, 11, 23)
    odd = open_ticket(team=team, at=monday + 16 * H)  # 62.6 minutes: 63 once rolled up
    message_send(ticket=odd, agent=lead, body_text="Hi", at=monday + 17 * H + 156 * MIN / 60)
    live = human_wait(actor=lead, flt=WEEK)
    rollup_days(first=date(2026, 11, 16), last=date(2026, 11, 29))
    rolled = human_wait(actor=lead, flt=WEEK)
    assert rolled.by_channel[Channel.CHAT] == live.by_channel[Channel.CHAT]
    assert rolled.by_channel[Channel.PHONE] == live.by_channel[Channel.PHONE]
    assert rolled.by_channel[Channel.EMAIL].count == 2
    assert sorted(rolled.by_channel) == sorted(live.by_channel)
