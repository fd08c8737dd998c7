"""The SLA engine's inbox views in the agent console: at risk and breached, promises due."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import open_ticket
from realdesk.sla.actions.promises import promise_make
from realdesk.sla.choices import Level
from realdesk.sla.models import Promise, SLATarget
from realdesk.tickets.choices import Status
from realdesk.tickets.inbox import TicketFilters, inbox_counts, inbox_page, inbox_view
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def numbers(agent, slug):
    page = inbox_page(actor=agent, view=inbox_view(slug), filters=TicketFilters())
    return [ticket.number for ticket in page.tickets]


def test_at_risk_view_holds_slipping_and_breached_tickets(agent, team, policy):
    calm, slipping, missed = (open_ticket(team=team) for _ in range(3))
    SLATarget.objects.filter(ticket=slipping).update(level=Level.AT_RISK)
    SLATarget.objects.filter(ticket=missed).update(level=Level.BREACHED)
    assert SLATarget.objects.filter(ticket=calm).exists()
    assert sorted(numbers(agent, "at-risk")) == sorted([slipping.number, missed.number])
    assert inbox_counts(actor=agent)["at-risk"] == 2


def test_promises_view_holds_promises_due_within_a_day(agent, team):
    soon, later = open_ticket(team=team), open_ticket(team=team)
    now = timezone.now()
    promise_make(ticket=soon, agent=agent, due_at=now + timedelta(hours=3), what="the fix")
    promise_make(ticket=later, agent=agent, due_at=now + timedelta(days=3), what="the fix")
    assert numbers(agent, "promises") == [soon.number]


def test_list_rows_flag_slipping_tickets(client, agent, team, policy):
    calm, missed = open_ticket(team=team), open_ticket(team=team)
    SLATarget.objects.filter(ticket=missed).update(level=Level.BREACHED)
    client.force_login(agent)
    page = client.get("/agent/views/unanswered/").text
    assert f"#{calm.number}</a>" in page
    # The badge sits in the row's SLA column.
    badge = '<span class="badge sla-badge sla-breached">Breached</span>'
    assert page.count(badge) == 1
    row = page[page.index(f"#{missed.number}</a>") :]
    assert row.index(badge) < row.index("</tr>")


def test_promises_view_puts_the_first_due_first_and_pages_by_it(agent, team):
    tickets = [open_ticket(team=team) for _ in range(3)]
    now = timezone.now()
    for ticket, hours in zip(tickets, (5, 1, 3), strict=True):
        promise_make(ticket=ticket, agent=agent, due_at=now + timedelta(hours=hours), what="x")
    expected = [tickets[1].number, tickets[2].number, tickets[0].number]
    assert numbers(agent, "promises") == expected
    view, filters = inbox_view("promises"), TicketFilters()
    first = inbox_page(actor=agent, view=view, filters=filters, size=2)
    rest = inbox_page(actor=agent, view=view, filters=filters, cursor=first.next_cursor, size=2)
    assert [t.number for t in first.tickets + rest.tickets] == expected


def test_promises_view_shows_when_each_is_due_and_flags_the_overdue(client, agent, team):
    late, soon = open_ticket(team=team), open_ticket(team=team)
    now = timezone.now()
    promise_make(ticket=soon, agent=agent, due_at=now + timedelta(hours=2), what="the fix")
    promise_make(ticket=late, agent=agent, due_at=now + timedelta(minutes=1), what="the fix")
    Promise.objects.filter(ticket=late).update(due_at=now - timedelta(hours=1))
    client.force_login(agent)
    page = client.get("/agent/views/promises/").text
    assert '<th scope="col">Promise due</th>' in page
    due = timezone.localtime(now + timedelta(hours=2))
    row = page[page.index(f"#{soon.number}</a>") :]
    assert f"{due:%a} {due.day} {due:%b}, {due:%H:%M}</time>" in row[: row.index("</tr>")]
    row = page[page.index(f"#{late.number}</a>") :]
    assert "overdue" in row[: row.index("</tr>")]


def test_counts_include_a_promise_kept_open_past_the_solve(agent, team):
    """The counts read only each view's scope of tickets (issue #22: the whole table cost
    100 ms at 100,000 tickets); a promise may outlive its ticket's solve, so the promises
    view's scope is its tickets' ids, not the open tickets."""
    solved = open_ticket(team=team)
    promise_make(
        ticket=solved, agent=agent, due_at=timezone.now() + timedelta(hours=2), what="a call"
    )
    Ticket.objects.filter(pk=solved.pk).update(
        status=Status.CLOSED, solved_at=timezone.now() - timedelta(days=30)
    )
    assert numbers(agent, "promises") == [solved.number]
    assert inbox_counts(actor=agent)["promises"] == 1
