"""The rollup's sums of the customers' waits (`waited_upto`) equal `waits_upto`'s waits
summed per customer, for every hour of a day: across a weekend, across the night DST
repeats an hour, and for waits still running."""

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.reports.selectors.rollups import WHOLE_DAY, day_start, hour_start
from realdesk.reports.selectors.waits import waited_upto, waits_upto
from realdesk.tickets.actions import message_send
from realdesk.tickets.models import Ticket
from reports.conftest import berlin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def berlin_days(settings):
    settings.TIME_ZONE = "Europe/Berlin"


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
