"""A gathered task: one waiting run for a burst of callers, asked of the database only
when this process does not know when the waiting run starts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from realdesk.core import enqueue
from realdesk.core.enqueue import GATHER_MARGIN_SECONDS, task_gather
from realdesk.knowledge.tasks import questions_record_missing

pytestmark = pytest.mark.django_db

PATH = questions_record_missing.module_path
LATER = timedelta(seconds=60)


def test_a_burst_makes_one_run_and_asks_once():
    task_gather(PATH, after=LATER, priority=-50)
    with CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            task_gather(PATH, after=LATER, priority=-50)
    assert captured.captured_queries == []
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 1


def test_a_run_enqueued_by_another_process_is_found_then_remembered():
    task_gather(PATH, after=LATER, priority=-50)
    enqueue.gathered_forget()  # as in another process
    with CaptureQueriesContext(connection) as captured:
        task_gather(PATH, after=LATER, priority=-50)
        task_gather(PATH, after=LATER, priority=-50)
    assert len(captured.captured_queries) == 1
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 1


def test_close_to_the_remembered_start_the_database_is_asked_again():
    task_gather(PATH, after=timedelta(seconds=GATHER_MARGIN_SECONDS - 1), priority=-50)
    DBTaskResult.objects.filter(task_path=PATH).update(status="SUCCESSFUL")  # it ran meanwhile
    task_gather(PATH, after=LATER, priority=-50)
    assert DBTaskResult.objects.filter(task_path=PATH, status="READY").count() == 1
