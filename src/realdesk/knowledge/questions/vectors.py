"""Recording a ticket's question and its vector (see the package's docstring)."""

from collections.abc import Iterable
from datetime import datetime

import numpy as np
from django.db.models import QuerySet

from realdesk.knowledge.models import TicketQuestion
from realdesk.knowledge.search.embedders import Embedder, HashedWords, embedder
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message, Ticket

TEXT_CHARACTERS = 500  # a question's first sentences say what it is about
STORED = np.float16
# The cosine from which a solved question is worth showing beside a new one, per kind of
# vector: the sentence model puts paraphrases at 0.65 and above ("my card has not arrived"
# and "still waiting for my card" 0.67) and unrelated questions at 0.1 to 0.3.
SIMILAR = {"semantic": 0.55, "words": 0.5}


def question_embedder() -> Embedder:
    return embedder() or HashedWords()


def threshold_for(model: Embedder, thresholds: dict[str, float]) -> float:
    """The cosine that counts for this kind of vector: a sentence model's or words'."""
    return thresholds["words" if isinstance(model, HashedWords) else "semantic"]


def question_text(ticket: Ticket) -> str:
    """The customer's first message; the subject when it was empty (a call logged with a
    subject only, say)."""
    first = (
        Message.objects.filter(ticket=ticket, direction=Direction.INBOUND)
        .order_by("created_at", "pk")
        .values_list("body_text", flat=True)
        .first()
    )
    return " ".join((first or ticket.subject).split())[:TEXT_CHARACTERS]


def to_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(STORED).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=STORED).astype(np.float32)


def matrix_of(rows: Iterable[bytes | memoryview], dimensions: int) -> np.ndarray:
    vectors = [from_bytes(data) for data in rows]
    return np.stack(vectors) if vectors else np.zeros((0, dimensions), dtype=np.float32)


def question_record(*, ticket_id: int, model: Embedder) -> TicketQuestion | None:
    """Embed one ticket's question (again, when the model changed); None if the ticket is
    gone. The model runs outside any transaction."""
    return questions_record_batch(ticket_ids=[ticket_id], model=model).get(ticket_id)


def questions_record_batch(*, ticket_ids: list[int], model: Embedder) -> dict[int, TicketQuestion]:
    """As `question_record` for each ticket, with one call of the model for all their
    questions: the sentence model takes 44 ms a text in a batch of 64 against 240 ms one at
    a time (loaded machine, 2026-12-06). By ticket id; tickets gone are left out."""
    tickets = Ticket.objects.in_bulk(ticket_ids)
    recorded = {
        question.ticket_id: question
        for question in TicketQuestion.objects.filter(ticket_id__in=tickets, model=model.name)
    }
    todo = [tickets[pk] for pk in ticket_ids if pk in tickets and pk not in recorded]
    texts = [question_text(ticket) for ticket in todo]
    for ticket, text, vector in zip(todo, texts, model.embed(texts), strict=True):
        recorded[ticket.pk], _ = TicketQuestion.objects.update_or_create(
            ticket=ticket,
            defaults={
                "text": text,
                "language": ticket.language,
                "model": model.name,
                "vector": to_bytes(vector),
                "asked_at": ticket.created_at,
            },
        )
    return recorded


def questions_unrecorded(*, model: Embedder, since: datetime) -> QuerySet[Ticket]:
    """Tickets opened since then whose question has no vector of this model yet."""
    done = TicketQuestion.objects.filter(model=model.name).values("ticket_id")
    return Ticket.objects.filter(created_at__gte=since).exclude(pk__in=done).order_by("created_at")


def question_vector(*, ticket: Ticket, model: Embedder) -> np.ndarray:
    """The ticket's stored vector, else one made now (the worker has not got to it yet)."""
    stored = TicketQuestion.objects.filter(ticket=ticket, model=model.name).first()
    if stored:
        return from_bytes(stored.vector)
    return model.embed([question_text(ticket)])[0]
