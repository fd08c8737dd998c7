"""Unowned time kept on the ticket: every owner change (assignment, taking it off,
transfer, the first reply) adds the stretch it ends without an owner to
`unowned_seconds` and starts `owner_since`; the data migration works the same out of the
owner-change events for the tickets that existed before."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.tickets.actions import message_send, ticket_assign, ticket_transfer
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
fill_owner_time = import_module(
    "realdesk.tickets.migrations.0012_reports4_owner_time"
).fill_owner_time


def kept(ticket: Ticket) -> tuple[float, object]:
    ticket.refresh_from_db()
    return ticket.unowned_seconds, ticket.owner_since


def test_opened_unowned_it_has_no_owner_change_yet(team):
    ticket = open_ticket(team=team, at=timezone.now() - 3 * H)
    assert kept(ticket) == (0, None)


def test_the_first_reply_ends_the_unowned_stretch(team, agent):
    now = timezone.now()
    ticket = open_ticket(team=team, at=now - 5 * H)
    message_send(ticket=ticket, agent=agent, body_text="Mine.", at=now - 2 * H)
    assert kept(ticket) == (3 * 3600, now - 2 * H)
    message_send(ticket=ticket, agent=agent, body_text="Again.", at=now - H)  # no change
    assert kept(ticket) == (3 * 3600, now - 2 * H)


def test_assigning_taking_off_and_transferring_add_up(team, agent):
    colleague = AgentFactory(teams=[team])
    ticket = open_ticket(team=team, at=timezone.now() - 4 * H)
    ticket_assign(ticket=ticket, owner=agent, actor=agent)  # 4 h unowned
    seconds, since = kept(ticket)
    assert seconds == pytest.approx(4 * 3600, abs=60)
    assert timezone.now() - since < timedelta(minutes=1)
    ticket_assign(ticket=ticket, owner=None, actor=agent)  # unowned from now on
    Ticket.objects.filter(pk=ticket.pk).update(owner_since=timezone.now() - H)  # an hour ago
    ticket_transfer(ticket=ticket, actor=agent, owner=colleague, note="Yours")  # +1 h
    assert kept(ticket)[0] == pytest.approx(5 * 3600, abs=60)
    ticket_transfer(ticket=ticket, actor=colleague, team=TeamFactory(), note="Theirs")
    assert kept(ticket)[0] == pytest.approx(5 * 3600, abs=60)  # owned until just now
    assert ticket.owner is None


def test_a_transfer_between_teams_keeping_nobody_leaves_the_stretch_running(team, agent):
    now = timezone.now()
    ticket = open_ticket(team=team, at=now - 2 * H)
    ticket_transfer(ticket=ticket, actor=agent, team=TeamFactory(), note="Not ours")
    assert kept(ticket) == (0, None)


def test_the_migration_works_out_of_the_events_what_the_actions_kept(team, agent, lead):
    """Property: for tickets with every kind of owner history, the walk over their events
    (migration 0012) gives the fields the actions kept, to the microsecond."""
    now = timezone.now()
    replied = open_ticket(team=team, at=now - 9 * H)
    message_send(ticket=replied, agent=agent, body_text="Mine.", at=now - 7 * H)
    juggled = open_ticket(team=team, at=now - 6 * H)
    ticket_assign(ticket=juggled, owner=agent, actor=agent)
    ticket_assign(ticket=juggled, owner=None, actor=agent)
    ticket_transfer(ticket=juggled, actor=agent, owner=lead, note="Yours")
    dropped = open_ticket(team=team, at=now - 3 * H)
    message_send(ticket=dropped, agent=agent, body_text="Mine.", at=now - 2 * H)
    ticket_transfer(ticket=dropped, actor=agent, team=TeamFactory(), note="Theirs")
    untouched = open_ticket(team=team, at=now - H)
    tickets = [replied, juggled, dropped, untouched]
    by_actions = [kept(ticket) for ticket in tickets]
    Ticket.objects.update(unowned_seconds=0, owner_since=None)
    fill_owner_time(apps, None)
    assert [kept(ticket) for ticket in tickets] == by_actions
    assert by_actions[0] == (2 * 3600, now - 7 * H)
