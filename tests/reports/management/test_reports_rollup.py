"""`realdesk manage reports_rollup`: backfills a range, refuses days not over yet."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from realdesk.reports.models import RolledDay

pytestmark = pytest.mark.django_db


def test_backfills_every_day_of_the_range():
    out = StringIO()
    call_command("reports_rollup", "--since", "2026-11-01", "--until", "2026-11-03", stdout=out)
    assert sorted(RolledDay.objects.filter(hours=24).values_list("day", flat=True)) == [
        date(2026, 11, 1),
        date(2026, 11, 2),
        date(2026, 11, 3),
    ]
    assert "0 rows" in out.getvalue()


def test_refuses_today():
    with pytest.raises(CommandError, match="ended"):
        call_command(
            "reports_rollup",
            "--since",
            timezone.localdate().isoformat(),
            "--until",
            timezone.localdate().isoformat(),
        )


def test_refuses_a_backwards_range():
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(CommandError, match="on or before"):
        call_command(
            "reports_rollup",
            "--since",
            yesterday.isoformat(),
            "--until",
            (yesterday - timedelta(days=2)).isoformat(),
        )


def test_enqueue_queues_the_range_for_the_worker():
    call_command(
        "reports_rollup",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-02",
        "--enqueue",
        stdout=StringIO(),
    )
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"first": "2026-11-01", "last": "2026-11-02"}
    assert not RolledDay.objects.exists()
