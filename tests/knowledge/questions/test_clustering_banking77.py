"""Clustering customers' questions on a labelled intent set: banking77 (PolyAI, CC-BY-4.0,
read from shared/data at test time). A subset, so the test takes seconds: 20 of the 77
intents (every fourth, alphabetically), 15 questions each, in a fixed shuffled order, each
a ticket. Printed: the adjusted Rand index of the clusters against the intents, as the
questions arrived (incremental) and after the nightly re-clustering.
"""

import csv
import random
from collections import Counter, defaultdict
from math import comb

import pytest

from factories import open_ticket
from realdesk.knowledge.models import TicketQuestion
from realdesk.knowledge.questions.clusters import question_cluster, questions_recluster
from realdesk.knowledge.questions.vectors import question_embedder, question_record
from support.services import SHARED_DATA, needs_shared

pytestmark = pytest.mark.django_db

BANKING77 = SHARED_DATA / "banking77" / "train.csv"
EVERY, PER_INTENT = 4, 15
# Measured .484 as they arrive and .498 re-clustered (SQLite; the arithmetic is numpy's).
FLOOR = {"incremental": 0.44, "reclustered": 0.45}


def adjusted_rand_index(truth: list, found: list) -> float:
    """Hubert and Arabie's ARI: 1 for the same partition, about 0 for a random one."""
    pairs = sum(comb(n, 2) for n in Counter(zip(truth, found, strict=True)).values())
    rows = sum(comb(n, 2) for n in Counter(truth).values())
    columns = sum(comb(n, 2) for n in Counter(found).values())
    expected = rows * columns / comb(len(truth), 2)
    best = (rows + columns) / 2
    return (pairs - expected) / (best - expected)


def test_the_index_itself():
    assert adjusted_rand_index([1, 1, 2, 2], ["a", "a", "b", "b"]) == 1.0
    assert adjusted_rand_index([1, 1, 2, 2], ["a", "b", "a", "b"]) < 0


def _questions() -> list[tuple[str, str]]:
    examples: dict[str, list[str]] = defaultdict(list)
    with BANKING77.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            examples[row["category"]].append(row["text"].strip())
    rows = [(i, q) for i in sorted(examples)[::EVERY] for q in examples[i][:PER_INTENT]]
    random.Random(7).shuffle(rows)
    return rows


@needs_shared("banking77/train.csv")
def test_clusters_of_banking77_questions(cached_embedder):
    asked = _questions()
    cached_embedder.embed([question for _, question in asked])  # one batch
    model = question_embedder()
    intents = {}
    for intent, text in asked:
        ticket = open_ticket(subject="Question", body_text=text)
        question = question_record(ticket_id=ticket.pk, model=model)
        question_cluster(question=question, model=model)
        intents[question.pk] = intent

    def ari() -> float:
        found = dict(TicketQuestion.objects.values_list("pk", "cluster_id"))
        return adjusted_rand_index([intents[pk] for pk in intents], [found[pk] for pk in intents])

    figures = {"incremental": ari()}
    questions_recluster(model=model, now=max(t.asked_at for t in TicketQuestion.objects.all()))
    figures["reclustered"] = ari()
    clusters = len(set(TicketQuestion.objects.values_list("cluster_id", flat=True)))
    print(
        f"\nbanking77 clustering, {len(intents)} questions of {len(set(intents.values()))} "
        f"intents, {clusters} clusters: "
        + ", ".join(f"ARI {k} {v:.3f}" for k, v in figures.items())
    )
    for name, floor in FLOOR.items():
        assert figures[name] >= floor, (name, figures[name])
