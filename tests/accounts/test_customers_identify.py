"""Many people identified at once: the known found, the new created together, each once,
and safely when another process creates some of them at the same moment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realdesk.accounts import actions
from realdesk.accounts.actions import customer_identify, customers_identify
from realdesk.accounts.models import Customer, CustomerIdentity

pytestmark = pytest.mark.django_db


def test_known_found_new_created_each_once():
    known = customer_identify(kind="email", value="jane@example.org", name="Jane")
    people = [
        ("Jane@Example.org", "Jane again"),
        ("bob@example.org", "Bob Builder"),
        ("BOB@example.org", "Bob twice"),
        ("carol@example.org", ""),
    ]
    with CaptureQueriesContext(connection) as captured:
        found = customers_identify(kind="email", people=people)
    assert len(captured.captured_queries) <= 5  # read, savepoint, two inserts, release
    assert set(found) == {"jane@example.org", "bob@example.org", "carol@example.org"}
    assert found["jane@example.org"] == known
    assert found["bob@example.org"].name == "Bob Builder"  # the first spelling's name
    assert Customer.objects.count() == 3
    stored = CustomerIdentity.objects.get(value="bob@example.org")
    assert stored.customer == found["bob@example.org"]


def test_someone_created_meanwhile_is_found_not_doubled(monkeypatch):
    real_filter = CustomerIdentity.objects.filter
    # Another process creates Bob between our read and our insert.
    meanwhile = customer_identify(kind="email", value="bob@example.org", name="Bob")

    def read_before_bob_existed(**lookup):
        return real_filter(**lookup).exclude(value="bob@example.org")

    monkeypatch.setattr(actions.CustomerIdentity.objects, "filter", read_before_bob_existed)
    found = customers_identify(kind="email", people=[("bob@example.org", ""), ("dan@x.org", "")])
    monkeypatch.undo()
    assert found["bob@example.org"] == meanwhile
    assert found["dan@x.org"].identities.get().value == "dan@x.org"
    assert CustomerIdentity.objects.filter(value="bob@example.org").count() == 1


def test_nobody_new_no_write():
    customer_identify(kind="email", value="jane@example.org")
    with CaptureQueriesContext(connection) as captured:
        customers_identify(kind="email", people=[("jane@example.org", "")])
    assert len(captured.captured_queries) == 1
