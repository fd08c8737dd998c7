"""rows_update writes each row's own values of the named fields, in one statement, and
nothing else of the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import open_ticket
from realdesk.core.bulk import rows_update
from realdesk.tickets.models import Ticket

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
