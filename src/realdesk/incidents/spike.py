"""Spotting a spike of alike tickets, so a lead can open an incident before the queue fills.

The rule, kept simple so a lead can check it by hand (docs/incidents.md):

1. Take the tickets opened in the last hour that are not linked to an incident.
2. Group them greedily: each ticket joins the first group whose first ticket it resembles
   (cosine of their vectors at least `SIMILAR`), else starts a group of its own.
3. A group is a spike when it has at least `MIN_TICKETS` tickets and at least `FACTOR` times
   as many as the hourly average of tickets resembling its first ticket over the week before.
4. Each spike becomes one pending suggestion, unless one of its tickets is already in a
   suggestion of the last day.

Vectors come from the knowledge base's sentence embedder (same meaning in other words, in
other languages); without one, from the words themselves (binary bag of words), with its
own threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from realdesk.incidents.models import IncidentSuggestion
from realdesk.knowledge.search.embedders import embedder
from realdesk.knowledge.search.query import search_terms
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Message, Ticket

if TYPE_CHECKING:  # numpy loads when spikes are looked for, not with every command
    import numpy as np

WINDOW = timedelta(hours=1)
HISTORY = timedelta(days=7)
MIN_TICKETS = 5
FACTOR = 5.0
SIMILAR = {"semantic": 0.7, "lexical": 0.5}
MAX_HISTORY = 5000  # the newest tickets of the week: a bound on the work of one check
TEXT_CHARACTERS = 500


@dataclass(frozen=True)
class Spike:
    ticket_ids: list[int]
    title: str
    hourly_baseline: float


def _texts(tickets) -> list[tuple[int, str, str]]:
    """(id, subject, subject and the start of the first message) of each ticket."""
    first = Message.objects.filter(ticket=OuterRef("pk"), direction=Direction.INBOUND).order_by(
        "created_at", "pk"
    )
    rows = tickets.annotate(first_body=Subquery(first.values("body_text")[:1])).values_list(
        "pk", "subject", "first_body"
    )
    return [
        (pk, subject, f"{subject}\n{body or ''}"[:TEXT_CHARACTERS]) for pk, subject, body in rows
    ]


def _lexical(texts: list[str]) -> np.ndarray:
    import numpy as np

    vocabulary: dict[str, int] = {}
    bags = [set(search_terms(text, language="en")) for text in texts]
    for bag in bags:
        for word in bag:
            vocabulary.setdefault(word, len(vocabulary))
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
    for row, bag in enumerate(bags):
        matrix[row, [vocabulary[word] for word in bag]] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def vectors(texts: list[str]) -> tuple[np.ndarray, float]:
    """One unit row per text, and the cosine from which two count as alike."""
    model = embedder()
    if model is not None:
        return model.embed(texts), SIMILAR["semantic"]
    return _lexical(texts), SIMILAR["lexical"]


def groups(matrix: np.ndarray, *, similar: float) -> list[list[int]]:
    """Greedy grouping (step 2): row indexes, each group led by its first row."""
    found: list[list[int]] = []
    for row in range(len(matrix)):
        for group in found:
            if float(matrix[group[0]] @ matrix[row]) >= similar:
                group.append(row)
                break
        else:
            found.append([row])
    return found


def spikes_find(*, now: datetime) -> list[Spike]:
    recent_qs = Ticket.objects.filter(
        created_at__gte=now - WINDOW, created_at__lt=now, incident_links__isnull=True
    ).order_by("created_at", "pk")
    recent = _texts(recent_qs)
    if len(recent) < MIN_TICKETS:
        return []
    history_qs = Ticket.objects.filter(
        created_at__gte=now - WINDOW - HISTORY, created_at__lt=now - WINDOW
    ).order_by("-created_at")[:MAX_HISTORY]
    history = _texts(history_qs)
    matrix, similar = vectors([text for _, _, text in recent + history])
    recent_matrix, history_matrix = matrix[: len(recent)], matrix[len(recent) :]
    hours = HISTORY / timedelta(hours=1)
    found = []
    for group in groups(recent_matrix, similar=similar):
        if len(group) < MIN_TICKETS:
            continue
        alike_before = int((history_matrix @ recent_matrix[group[0]] >= similar).sum())
        baseline = alike_before / hours
        if len(group) >= FACTOR * baseline:
            found.append(
                Spike(
                    ticket_ids=[recent[row][0] for row in group],
                    title=recent[group[0]][1],
                    hourly_baseline=round(baseline, 3),
                )
            )
    return found


def spikes_suggest(*, now: datetime | None = None) -> list[IncidentSuggestion]:
    """Record each new spike as a suggestion for the leads (step 4)."""
    now = now or timezone.now()
    known = {
        pk
        for ids in IncidentSuggestion.objects.filter(
            created_at__gte=now - timedelta(days=1)
        ).values_list("ticket_ids", flat=True)
        for pk in ids
    }
    return [
        IncidentSuggestion.objects.create(
            title=spike.title[:200],
            ticket_ids=spike.ticket_ids,
            hourly_baseline=spike.hourly_baseline,
            created_at=now,
        )
        for spike in spikes_find(now=now)
        if not known.intersection(spike.ticket_ids)
    ]
