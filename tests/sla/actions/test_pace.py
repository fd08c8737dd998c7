"""The queues' pace for the ETA, tallied per hour as replies go out: it counts what the
week of reply events counts, whether written by the reaction, rebuilt from the events or
filled by the migration; and an hour past any ETA's look-back is forgotten."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.sla.actions.pace import replies_tally_rebuild, replies_tally_sweep
from realdesk.sla.eta import THROUGHPUT_WINDOW, _answered_lately
from realdesk.sla.models import QueueReplies
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def replies():
    """Replies over nine days in two teams' queues and the queue of no team."""
    teams = [TeamFactory(name="Support"), TeamFactory(name="Billing"), None]
    agent = AgentFactory(teams=teams[:2])
    now = timezone.now()
    for i, hours_ago in enumerate((1, 2, 2, 30, 100, 160, 169, 200, 215)):
        team = teams[i % 3]
        at = now - timedelta(hours=hours_ago, minutes=7)
        ticket = open_ticket(team=team, at=at - timedelta(minutes=20))
        message_send(ticket=ticket, agent=agent, body_text="Here you are.", at=at)
    return teams


def week_of_events(team) -> int:
    """The pace as it was counted before the tally: the queue's reply events of the week."""
    return Event.objects.filter(
        kind=EventKind.REPLY_SENT,
        created_at__gte=timezone.now() - THROUGHPUT_WINDOW,
        ticket__team=team,
    ).count()


def tallies() -> set[tuple[int, object, int]]:
    return set(QueueReplies.objects.values_list("queue", "hour", "replies"))


def test_the_tally_counts_the_weeks_replies_of_each_queue(replies):
    paces = [_answered_lately(team.pk if team else None) for team in replies]
    assert paces == [week_of_events(team) for team in replies]
    assert sum(paces) == 6  # 169 hours ago and older are out of the week


def test_a_rebuild_from_the_events_and_the_migration_tally_as_the_reaction_did(replies):
    sent = tallies()
    QueueReplies.objects.all().delete()
    replies_tally_rebuild(since=timezone.now() - timedelta(days=9))
    assert tallies() == sent
    QueueReplies.objects.all().delete()
    migration = importlib.import_module("realdesk.sla.migrations.0007_queue_replies")
    migration.tally_last_week(apps, None)  # the last 8 days
    assert tallies() == {row for row in sent if row[1] >= timezone.now() - timedelta(days=8)}


def test_hours_past_the_look_back_are_forgotten(replies):
    assert replies_tally_sweep(now=timezone.now()) == 2  # 200 and 215 hours ago
    assert min(QueueReplies.objects.values_list("hour", flat=True)) > timezone.now() - timedelta(
        days=8
    )


def test_a_reply_adds_to_the_hour_a_rebuild_wrote(replies):
    """The upsert and the ORM write an hour alike (SQLite stores instants as text): a reply
    after the migration or a rebuild adds to that hour's row rather than starting another."""
    replies_tally_rebuild(since=timezone.now() - timedelta(days=9))
    support = replies[0]
    before = _answered_lately(support.pk)
    at = timezone.now() - timedelta(hours=1, minutes=7)  # the hour of a fixture's reply
    ticket = open_ticket(team=support, at=at - timedelta(minutes=5))
    message_send(ticket=ticket, agent=AgentFactory(teams=[support]), body_text="Done.", at=at)
    assert _answered_lately(support.pk) == before + 1
    hours = QueueReplies.objects.filter(queue=support.pk).values_list("hour", flat=True)
    assert len(hours) == len(set(hours))
