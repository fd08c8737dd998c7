"""The rollup's sums of the customers' waits (its wait pieces summed per bound) equal
`waits_upto`'s waits summed per customer, for every hour of a day and any instant in it:
across a weekend, across the night DST repeats an hour, and for waits still running. And
the waits of a stretch, read from its messages and whether the customer was waiting when
it began, equal the waits worked out from a ticket's whole history."""

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.reports.selectors.rollups import WHOLE_DAY, day_start, hour_start
from realdesk.reports.selectors.waits import (
    FIRST_WAIT_LOOKBACK,
    pieces_decode,
    pieces_encode,
    pieces_waited,
    wait_pieces,
    waits_between,
    waits_upto,
)
from realdesk.tickets.actions import (
    message_receive,
    message_send,
    note_add,
    ticket_customer_reopen,
)
from realdesk.tickets.choices import OPEN_STATUSES, Direction, Status
from realdesk.tickets.models import Ticket
from reports.conftest import H, berlin

pytestmark = pytest.mark.django_db
M = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def berlin_days(settings):
    settings.TIME_ZONE = "Europe/Berlin"


def waited_upto(tickets, since, bounds):
    """As the rollup sums them: the stretch's wait pieces (kept and read back, as a
    comparison day keeps them), summed per bound."""
    pieces = pieces_decode(pieces_encode(wait_pieces(tickets, since, bounds[-1])))
    return pieces_waited(pieces, since, bounds)


def summed(waits):
    by_key: dict = defaultdict(Counter)
    across: Counter = Counter()
    for wait in waits:
        by_key[wait.team_id, wait.channel][wait.customer_id] += wait.seconds
        across[wait.customer_id] += wait.seconds
    return {key: dict(theirs) for key, theirs in by_key.items()}, dict(across)


@pytest.mark.parametrize("day", [date(2026, 10, 25), date(2026, 11, 30)])
def test_every_prefix_sums_as_the_waits_do(day):
    team = TeamFactory()
    agent = AgentFactory(teams=[team])
    start = day_start(day)
    friday = open_ticket(at=start - timedelta(days=3, hours=-16), team=team)  # over the weekend
    message_send(ticket=friday, agent=agent, body_text="On it.", at=start + timedelta(hours=10))
    night = open_ticket(at=start + timedelta(hours=1, minutes=30))  # through the repeated hour
    message_send(ticket=night, agent=agent, body_text="Here.", at=start + timedelta(hours=5))
    # The same customer again by chat, unanswered: still waiting at the day's end.
    open_ticket(customer=night.customer, channel="chat", at=start + timedelta(hours=2, minutes=45))
    open_ticket(customer=friday.customer, at=start + timedelta(hours=20, seconds=7))
    bounds = [hour_start(day, h) for h in range(1, WHOLE_DAY + 1)]
    # and instants between the hours, as a comparison day is summed up to any of them
    bounds = sorted({*bounds, start + timedelta(hours=2, minutes=50), start + 9 * H + 37 * M})
    rolled = waited_upto(Ticket.objects.all(), start, bounds)
    for waits, theirs in zip(waits_upto(Ticket.objects.all(), start, bounds), rolled, strict=True):
        by_key, across = summed(waits)
        assert (theirs.by_key, theirs.across) == (by_key, across)
    assert rolled[-1].across[night.customer_id] > 0


def test_a_quiet_day_waited_nobody():
    bounds = [berlin(2026, 11, 28, 1), berlin(2026, 11, 29)]
    assert [w.across for w in waited_upto(Ticket.objects.all(), berlin(2026, 11, 28), bounds)] == [
        {},
        {},
    ]


def test_a_reopening_without_a_message_waits_from_the_reopening():
    """The customer says "not solved" on the portal at 10:00: waiting again, though their
    last words were answered at 9:30; read within the stretch and from before it alike."""
    opened = berlin(2026, 11, 30, 9)
    ticket = open_ticket(at=opened)
    agent = AgentFactory()
    half_past = opened + timedelta(minutes=30)
    message_send(
        ticket=ticket, agent=agent, body_text="Done.", status_after=Status.SOLVED, at=half_past
    )
    ticket_customer_reopen(ticket=ticket, customer=ticket.customer, at=opened + H)
    tickets = Ticket.objects.filter(pk=ticket.pk)

    def minutes(since, until):
        return sum(wait.seconds for wait in waits_between(tickets, since, until)) / 60

    assert minutes(opened, opened + 2 * H) == 30 + 60
    assert minutes(opened + 45 * M, opened + 90 * M) == 30  # the reopening inside
    assert minutes(opened + 75 * M, opened + 2 * H) == 45  # waiting since before


#: A ticket's later messages: who wrote, and minutes after the one before.
LATER = st.lists(
    st.tuples(st.sampled_from(list(Direction)), st.integers(min_value=1, max_value=900)),
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    later=LATER,
    since_minutes=st.integers(min_value=0, max_value=4000),
    length_minutes=st.integers(min_value=1, max_value=3000),
)
def test_a_stretch_waits_as_the_whole_history_says(later, since_minutes, length_minutes):
    opened = berlin(2026, 11, 27, 16)  # a Friday afternoon: stretches cross the weekend
    ticket = open_ticket(at=opened)
    agent = AgentFactory()
    at = opened
    for direction, minutes in later:
        at += timedelta(minutes=minutes)
        if direction == Direction.INBOUND:
            message_receive(
                ticket=ticket, customer=ticket.customer, body_text="And?", channel="email", at=at
            )
        elif direction == Direction.OUTBOUND:
            message_send(ticket=ticket, agent=agent, body_text="Here.", at=at)
        else:
            note_add(ticket=ticket, agent=agent, body_text="Asked billing.", at=at)
    since = opened + timedelta(minutes=since_minutes)
    until = since + timedelta(minutes=length_minutes)
    waits = waits_between(Ticket.objects.filter(pk=ticket.pk), since, until)
    assert sum(wait.seconds for wait in waits) == whole_history_seconds(ticket, since, until)


def whole_history_seconds(ticket, since, until):
    """The seconds the customer waited in [since, until), walking every message of the
    ticket, for a ticket the report counts (written out here, independent of the code)."""
    ticket.refresh_from_db()
    stream = list(ticket.messages.exclude(direction=Direction.NOTE).order_by("created_at", "pk"))
    spoke = any(since <= m.created_at < until for m in ticket.messages.all())
    waiting_now = ticket.status in OPEN_STATUSES and ticket.awaiting_reply_since is not None
    counted = (
        spoke
        or (waiting_now and ticket.awaiting_reply_since < until)
        or (
            since - FIRST_WAIT_LOOKBACK <= ticket.created_at < since
            and ticket.first_response_at is not None
            and ticket.first_response_at >= until
        )
    )
    if not counted:
        return 0
    seconds, waiting = 0.0, None
    for message in [*stream, None]:
        if message is None or message.direction == Direction.OUTBOUND:
            if waiting is not None:
                stop = until if message is None else min(message.created_at, until)
                seconds += max((stop - max(waiting, since)).total_seconds(), 0)
            waiting = None
        elif waiting is None:
            waiting = message.created_at
    return seconds


def test_a_live_read_across_the_dst_change_counts_the_day_s_25_hours():
    """A customer waiting since Friday 23 October, read live from Saturday to Tuesday
    (local midnights, as an agent's report reads its whole period): 24, 25 and 24 hours,
    not the wall clock's 24 for Sunday, when Berlin repeats an hour."""
    open_ticket(at=berlin(2026, 10, 23, 12))
    waits = waits_between(Ticket.objects.all(), berlin(2026, 10, 24), berlin(2026, 10, 27))
    assert {wait.day: wait.seconds / 3600 for wait in waits} == {
        date(2026, 10, 24): 24,
        date(2026, 10, 25): 25,
        date(2026, 10, 26): 24,
    }
