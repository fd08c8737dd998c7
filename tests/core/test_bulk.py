"""rows_update writes each row's own values of the named fields, in one statement, and
nothing else of the rows; rows_insert writes what bulk_create writes, in one statement a
batch."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import open_ticket
from realdesk.accounts.models import Customer, CustomerIdentity
from realdesk.core.bulk import rows_insert, rows_update
from realdesk.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_of_the_named_fields_only(agent, customer):
    first, second = open_ticket(customer=customer), open_ticket(customer=customer)
    later = timezone.now() + timedelta(hours=3)
    first.status, first.owner, first.updated_at = "open", agent, later
    second.status, second.owner, second.updated_at = "pending", None, later + timedelta(hours=1)
    first.subject = second.subject = "not saved"
    with CaptureQueriesContext(connection) as captured:
        rows_update([first, second], ["status", "owner", "updated_at"])
    assert len(captured.captured_queries) == 1  # one statement, executed for both rows
    stored = {t.pk: t for t in Ticket.objects.filter(pk__in=[first.pk, second.pk])}
    assert (stored[first.pk].status, stored[first.pk].owner_id) == ("open", agent.pk)
    assert (stored[second.pk].status, stored[second.pk].owner_id) == ("pending", None)
    assert stored[first.pk].updated_at == later
    assert stored[second.pk].updated_at == later + timedelta(hours=1)
    assert {t.subject for t in stored.values()} == {"Help"}


def test_no_rows_no_statement():
    with CaptureQueriesContext(connection) as captured:
        rows_update([], ["status"])
    assert captured.captured_queries == []


def _columns(rows):
    """Every stored column of the rows, read back, without their keys."""
    model = type(rows[0])
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    stored = model.objects.filter(pk__in=[row.pk for row in rows]).order_by("pk")
    return [tuple(getattr(row, name) for name in names) for row in stored]


def _events(ticket, customer, n, at=None):
    at = at or timezone.now()
    return [
        Event(
            ticket=ticket,
            kind="note",
            actor_customer=customer if i % 2 else None,
            created_at=at + timedelta(seconds=i),
            after={"n": i, "text": f"é {i}"},
            data={"list": [i, None]},
        )
        for i in range(n)
    ]


def test_inserted_rows_are_what_bulk_create_writes(customer):
    ticket = open_ticket(customer=customer)
    at = timezone.now()
    inserted, created = _events(ticket, customer, 5, at), _events(ticket, customer, 5, at)
    with CaptureQueriesContext(connection) as captured:
        assert rows_insert(inserted) == inserted
    assert len(captured.captured_queries) == 1
    Event.objects.bulk_create(created)
    assert all(row.pk and not row._state.adding and row._state.db == "default" for row in inserted)
    assert [row.pk for row in inserted] == sorted(row.pk for row in inserted)
    assert _columns(inserted) == _columns(created)
    assert Event.objects.get(pk=inserted[3].pk).after == {"n": 3, "text": "é 3"}


def test_a_key_of_a_row_saved_after_assignment_is_taken(customer):
    """As bulk_create does: a related row given before it had its key."""
    at = timezone.now()
    people = [Customer(name=f"Person {i}", created_at=at) for i in range(3)]
    identities = [
        CustomerIdentity(customer=person, kind="email", value=f"p{i}@example.com", created_at=at)
        for i, person in enumerate(people)
    ]
    rows_insert(people)
    rows_insert(identities)
    stored = CustomerIdentity.objects.filter(pk__in=[i.pk for i in identities]).order_by("pk")
    assert [(i.customer_id, i.value) for i in stored] == [
        (person.pk, f"p{n}@example.com") for n, person in enumerate(people)
    ]


def test_more_rows_than_a_statement_holds_are_split(customer, monkeypatch):
    ticket = open_ticket(customer=customer)
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 4)
    rows = _events(ticket, customer, 10)
    with CaptureQueriesContext(connection) as captured:
        rows_insert(rows)
    assert len(captured.captured_queries) == 3
    assert [
        e.after["n"] for e in Event.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")
    ] == list(range(10))
    assert [r.after["n"] for r in rows] == list(range(10))


def test_rows_with_an_expression_are_left_to_bulk_create(customer):
    ticket = open_ticket(customer=customer)
    rows = _events(ticket, customer, 2)
    rows[1].kind = Value("reply")
    rows_insert(rows)
    assert list(
        Event.objects.filter(pk__in=[r.pk for r in rows])
        .order_by("pk")
        .values_list("kind", flat=True)
    ) == ["note", "reply"]


def test_no_rows_nothing_inserted():
    with CaptureQueriesContext(connection) as captured:
        assert rows_insert([]) == []
    assert captured.captured_queries == []
