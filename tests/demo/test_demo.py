"""The demo is realistic enough to try the product and safe to load twice."""

import pytest
from django.core.management import call_command

from realdesk.accounts.models import User
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_history_across_channels(settings):
    call_command("demo")
    tickets = Ticket.objects.count()
    assert 250 <= tickets <= 400
    assert set(Ticket.objects.values_list("channel", flat=True)) >= {
        "email",
        "web",
        "chat",
        "phone",
        "social",
    }
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.PENDING, Status.SOLVED, Status.CLOSED} <= statuses
    assert Ticket.objects.filter(awaiting_reply_since__isnull=False).exists()
    span = Ticket.objects.order_by("created_at")
    assert (span.last().created_at - span.first().created_at).days >= 28
    assert User.objects.get(email="agent@example.com").check_password("demo")
    assert User.objects.get(email="admin@example.com").is_staff
    events = Event.objects.count()

    call_command("demo")
    assert Ticket.objects.count() == tickets
    assert Event.objects.count() == events


def test_first_run_leaves_existing_data_alone(agent):
    call_command("demo", "--first-run")
    assert Ticket.objects.count() == 0
