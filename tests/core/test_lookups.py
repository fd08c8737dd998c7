"""`any_of`: the rows `__in` finds, sent to PostgreSQL as one array parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import open_ticket
from realdesk.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets():
    return [open_ticket() for _ in range(3)]


@pytest.mark.parametrize("take", [[0], [0, 2], [], [0, 1, 2]])
def test_any_of_finds_what_in_finds(tickets, take):
    ids = [tickets[i].pk for i in take]
    wanted = set(Ticket.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert wanted == {tickets[i].pk for i in take}
    assert set(Ticket.objects.filter(pk__any_of=ids).values_list("pk", flat=True)) == wanted
    by_ticket = Message.objects.filter(ticket_id__any_of=ids)
    assert set(by_ticket.values_list("ticket_id", flat=True)) == wanted
    # None never matches, as with IN; a tuple or a set does as a list
    assert set(Ticket.objects.filter(pk__any_of={*ids, None}).values_list("pk", flat=True)) == (
        wanted
    )
    excluded = Ticket.objects.exclude(pk__any_of=ids).values_list("pk", flat=True)
    assert set(excluded) == {t.pk for t in tickets} - wanted


def test_thousands_of_ids_are_one_parameter_on_postgresql(tickets):
    ids = [*range(10_000_000, 10_005_000), tickets[1].pk]
    with CaptureQueriesContext(connection) as read:
        found = list(Ticket.objects.filter(pk__any_of=ids).values_list("pk", flat=True))
    assert found == [tickets[1].pk]
    sql = read.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
        assert "::bigint[]" in sql
    else:
        assert " IN (" in sql


def test_a_subquery_is_read_as_in(tickets):
    first = Ticket.objects.filter(pk=tickets[0].pk).values("pk")
    assert list(
        Message.objects.filter(ticket_id__any_of=first).values_list("ticket_id", flat=True)
    )[:1] == [tickets[0].pk]
