"""New tickets' questions are embedded by the worker after commit, and a periodic sweep
catches those no task recorded."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from factories import open_ticket
from realdesk.knowledge.models import TicketQuestion
from realdesk.knowledge.reactions import QUESTIONS_GATHER
from realdesk.knowledge.search.embedders import HashedWords
from realdesk.knowledge.tasks import questions_record, questions_record_missing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def words_only(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""


def test_new_tickets_questions_are_gathered_into_one_deferred_low_priority_run(
    django_capture_on_commit_callbacks,
):
    """A task per ticket made 1,000 tasks for 1,000 chats started at once, and the worker
    embedded them while the chat sockets waited (bench/chat_load.py)."""
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(subject="Card", body_text="  My card\nwas declined  ")
    with django_capture_on_commit_callbacks(execute=True):
        others = [open_ticket(body_text=f"question {n}") for n in range(3)]
    assert not TicketQuestion.objects.exists(), "nothing embedded on the request's path"
    queued = DBTaskResult.objects.get()  # one, for all four
    assert queued.task_path == questions_record_missing.module_path
    assert queued.run_after >= queued.enqueued_at + QUESTIONS_GATHER - timedelta(seconds=1)
    assert queued.priority < 0
    assert questions_record_missing.call() == 4
    question = TicketQuestion.objects.get(ticket=ticket)
    assert question.text == "My card was declined"
    assert question.model == HashedWords.name
    assert question.asked_at == ticket.created_at
    assert TicketQuestion.objects.filter(ticket__in=others).count() == 3


def test_a_call_queued_before_still_records_its_tickets():
    ticket = open_ticket(body_text="Where is my parcel?")
    assert questions_record.call(ticket_ids=[ticket.pk]) == 1
    assert TicketQuestion.objects.filter(ticket=ticket).exists()


def test_the_sweep_records_what_no_task_did_and_nothing_twice():
    tickets = [open_ticket(body_text=f"question {n}") for n in range(3)]
    assert questions_record_missing.call() == 3
    assert questions_record_missing.call() == 0
    assert TicketQuestion.objects.filter(ticket__in=tickets).count() == 3


def test_questions_are_embedded_in_batches_not_one_call_each(monkeypatch):
    """The sentence model takes about five times as long a text called one at a time as in a
    batch: a burst of 1,000 chats' questions kept the worker busy for minutes."""
    calls = []

    class Counted(HashedWords):
        def embed(self, texts):
            calls.append(len(texts))
            return super().embed(texts)

    monkeypatch.setattr("realdesk.knowledge.questions.vectors.embedder", lambda: Counted())
    for n in range(5):
        open_ticket(body_text=f"question {n}")
    assert questions_record_missing.call() == 5
    assert calls[0] == 5, "the five questions in one call"
