from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.core.errors import ApplicationError
from realdesk.core.registry import Registry
from realdesk.tickets.actions import message_send, ticket_assign, ticket_set_status
from realdesk.tickets.choices import Status
from realdesk.tickets.inbox import (
    TicketFilters,
    inbox_counts,
    inbox_page,
    inbox_tickets,
    inbox_view,
    inbox_views,
)
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db
NO_FILTERS = TicketFilters()


def _numbers(page):
    return [t.number for t in page.tickets]


def _ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def test_unanswered_puts_the_longest_wait_first_and_drops_answered(agent, team):
    recent = open_ticket(team=team, at=_ago(1))
    oldest = open_ticket(team=team, at=_ago(30))
    answered = open_ticket(team=team, at=_ago(50))
    message_send(ticket=answered, agent=agent, body_text="Done")

    page = inbox_page(actor=agent, view=inbox_view("unanswered"), filters=NO_FILTERS)

    assert _numbers(page) == [oldest.number, recent.number]
    assert page.next_cursor is None


def test_keyset_pages_cover_every_row_once_including_nulls(agent, team):
    view = inbox_view("mine")  # ordered by wait, answered ones (no wait) last
    tickets = [open_ticket(team=team, at=_ago(10 - i)) for i in range(5)]
    for ticket in tickets:
        ticket_assign(ticket=ticket, owner=agent, actor=agent)
    for ticket in tickets[1:3]:
        message_send(ticket=ticket, agent=agent, body_text="Hi", status_after=Status.OPEN)

    seen, cursor = [], ""
    while True:
        page = inbox_page(actor=agent, view=view, filters=NO_FILTERS, cursor=cursor, size=2)
        seen += _numbers(page)
        if not page.next_cursor:
            break
        cursor = page.next_cursor

    waiting = [tickets[0].number, tickets[3].number, tickets[4].number]
    assert seen == [*waiting, tickets[1].number, tickets[2].number]


def test_recently_solved_is_latest_first_and_pages_backwards_in_time(agent, team):
    view = inbox_view("solved")
    solved = []
    for _ in range(3):
        ticket = open_ticket(team=team)
        message_send(ticket=ticket, agent=agent, body_text="Fixed", status_after=Status.SOLVED)
        solved.append(ticket.number)
    first = inbox_page(actor=agent, view=view, filters=NO_FILTERS, size=2)
    rest = inbox_page(actor=agent, view=view, filters=NO_FILTERS, size=2, cursor=first.next_cursor)
    assert _numbers(first) + _numbers(rest) == solved[::-1]


@pytest.mark.parametrize("cursor", ["garbage", "2024-99-99~3", "~x"])
def test_a_broken_cursor_is_a_clear_error(agent, cursor):
    with pytest.raises(ApplicationError, match="page link is not valid"):
        inbox_page(actor=agent, view=inbox_view("unanswered"), filters=NO_FILTERS, cursor=cursor)


def test_filters_and_search_narrow_the_view(agent, team):
    customer = CustomerFactory(name="Zoë Quartz")
    by_name = open_ticket(team=team, customer=customer)
    by_body = open_ticket(team=team, body_text="The invoice PDF is blank")
    urgent = open_ticket(team=team, priority="urgent", subject="Down")
    view = inbox_view("unanswered")

    def found(**filters):
        return _numbers(inbox_page(actor=agent, view=view, filters=TicketFilters(**filters)))

    assert found(text="quartz") == [by_name.number]
    assert found(text="INVOICE pdf") == [by_body.number]
    assert found(text=customer.identities.get().value[:12]) == [by_name.number]
    assert found(priority="urgent") == [urgent.number]
    assert found(unowned=True, priority="urgent") == [urgent.number]
    assert found(owner=agent.pk) == []


def test_views_and_counts_hide_other_teams(agent, team):
    open_ticket(team=team)
    open_ticket(team=TeamFactory(name="Hidden"))
    lead = AgentFactory(role="lead")

    assert inbox_counts(actor=agent)["unanswered"] == 1
    assert inbox_counts(actor=lead)["unanswered"] == 2
    assert len(inbox_page(actor=agent, view=inbox_view("team"), filters=NO_FILTERS).tickets) == 1


def test_counts_follow_every_view(agent, team):
    mine = open_ticket(team=team)
    ticket_assign(ticket=mine, owner=agent, actor=agent)
    pending = open_ticket(team=team)
    message_send(ticket=pending, agent=agent, body_text="Can you send a screenshot?")
    solved = open_ticket(team=team)
    message_send(ticket=solved, agent=agent, body_text="Fixed", status_after=Status.OPEN)
    ticket_set_status(ticket=solved, status=Status.SOLVED, actor=agent)
    open_ticket(team=team)

    assert inbox_counts(actor=agent) == {
        "unanswered": 2,
        "mine": 2,
        "team": 3,
        "unowned": 1,
        "pending": 1,
        "solved": 1,
        "at-risk": 0,  # the SLA engine's views; tests/sla/test_inbox_views.py fills them
        "promises": 0,
        "cannot-reach": 0,  # comms/channels: tests/comms/channels/test_inbox_views.py fills it
        "callbacks": 0,  # the phone channel's view; tests/console/test_callbacks.py fills it
    }


def test_unowned_rows_know_since_when(agent, team):
    ticket = open_ticket(team=team, at=_ago(5))
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    ticket_assign(ticket=ticket, owner=None, actor=agent)
    (row,) = inbox_page(actor=agent, view=inbox_view("unowned"), filters=NO_FILTERS).tickets
    assert timezone.now() - row.unowned_since < timedelta(minutes=1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # so the counts' own transaction is the outermost
def test_counts_run_without_jit(agent, team):
    """PostgreSQL's JIT spent 400 ms compiling the counts' aggregate at 100,000 tickets
    (issue #22): the counts query itself must run with `jit` off, whatever the server's
    default. The setting is read on the same connection just before the query runs."""
    from django.db import connection

    open_ticket(team=team)
    seen = []

    def check(execute, sql, params, many, context):
        if "COUNT(" in sql:
            with context["connection"].connection.cursor() as raw:
                raw.execute("SHOW jit")
                seen.append(raw.fetchone()[0])
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    with connection.execute_wrapper(check):
        assert inbox_counts(actor=agent)["unanswered"] == 1
    assert seen == ["off"]
    with connection.cursor() as cursor:  # and only for that query: other work keeps it
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "on"


def test_counts_match_every_view_over_a_mixed_history(agent, team):
    """Each count is the number of tickets its view lists, though the counts read only
    the views' scopes (open tickets, the week's solves): an old solve is in no view."""
    old, recent = open_ticket(team=team), open_ticket(team=team)
    Ticket.objects.filter(pk=old.pk).update(status=Status.CLOSED, solved_at=_ago(24 * 30))
    Ticket.objects.filter(pk=recent.pk).update(status=Status.SOLVED, solved_at=_ago(2))
    pending = open_ticket(team=team)
    message_send(ticket=pending, agent=agent, body_text="Which card?")
    open_ticket(team=team)
    open_ticket(team=None)

    counts = inbox_counts(actor=agent)
    for view in inbox_views():
        listed = inbox_tickets(actor=agent, view=view, filters=NO_FILTERS).count()
        assert counts[view.slug] == listed, view.slug
    assert (counts["solved"], counts["unanswered"]) == (1, 2)


def test_a_view_without_a_scope_is_counted_in_full(agent, team, monkeypatch):
    """A view that declares no scope (another app's, say, over tickets in any status) is
    counted by its own condition, never cut down to the open tickets."""
    from realdesk.tickets import inbox

    closed = open_ticket(team=team)
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CLOSED, solved_at=_ago(24 * 30))
    Ticket.objects.filter(pk=open_ticket(team=team).pk).update(status=Status.OPEN)
    view = inbox.InboxView(
        slug="everything",
        label="Everything",
        description="",
        position=99,
        condition=lambda actor: Q(status__in=[Status.OPEN, Status.CLOSED]),
        order_field="created_at",
    )
    views = Registry("inbox views")
    for slug, registered in [*inbox._views.items(), (view.slug, view)]:
        views.register(slug, registered)
    monkeypatch.setattr(inbox, "_views", views)
    assert inbox_counts(actor=agent)["everything"] == 2
