"""Periodic jobs: each due slot is enqueued once, however many workers ask."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from realdesk.core import periodic
from realdesk.core.models import PeriodicSchedule
from realdesk.core.registry import Registry
from support.tasks import tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_tick(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", Registry("periodic jobs"))
    periodic.every(60)(tick)
    return periodic.registered_jobs()[0].name


def test_due_job_is_enqueued_once_per_slot(only_tick):
    assert periodic.enqueue_due_jobs() == [only_tick]
    # a second worker asking in the same slot gets nothing
    assert periodic.enqueue_due_jobs() == []
    assert DBTaskResult.objects.filter(task_path=tick.module_path).count() == 1
    schedule = PeriodicSchedule.objects.get(name=only_tick)
    assert schedule.next_run_at > timezone.now() + timedelta(seconds=50)


def test_next_slot_is_enqueued_when_due(only_tick):
    periodic.enqueue_due_jobs()
    PeriodicSchedule.objects.filter(name=only_tick).update(
        next_run_at=timezone.now() - timedelta(seconds=1)
    )
    assert periodic.enqueue_due_jobs() == [only_tick]
    assert DBTaskResult.objects.filter(task_path=tick.module_path).count() == 2
