"""New tickets' questions are embedded by the worker after commit, and a periodic sweep
catches those no task recorded."""

import pytest

from factories import open_ticket
from realdesk.knowledge.models import TicketQuestion
from realdesk.knowledge.search.embedders import HashedWords
from realdesk.knowledge.tasks import questions_record, questions_record_missing
from support.queue import run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def words_only(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""


def test_a_new_tickets_question_is_recorded_by_the_queued_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(subject="Card", body_text="  My card\nwas declined  ")
    assert not TicketQuestion.objects.exists()
    assert run_queued(questions_record) == [1]
    question = TicketQuestion.objects.get(ticket=ticket)
    assert question.text == "My card was declined"
    assert question.model == HashedWords.name
    assert question.asked_at == ticket.created_at


def test_the_sweep_records_what_no_task_did_and_nothing_twice():
    tickets = [open_ticket(body_text=f"question {n}") for n in range(3)]
    assert questions_record_missing.call() == 3
    assert questions_record_missing.call() == 0
    assert TicketQuestion.objects.filter(ticket__in=tickets).count() == 3
