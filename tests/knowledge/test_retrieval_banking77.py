"""Retrieval quality on real customer questions: banking77 (PolyAI, CC-BY-4.0, read from
shared/data at test time, never copied here).

One article per intent, written from 20 of its example questions, the way an FAQ author
would collect phrasings; up to 40 further questions per intent are the customers (3,035
in all: a few intents have fewer). A question is a hit at k when its intent's article is
among the first k results. Printed for the full-text search alone, the semantic one alone
and both fused, as the public search serves them.
"""

import csv
from collections import defaultdict

import numpy as np
import pytest

from realdesk.knowledge.models import ArticleTranslation
from realdesk.knowledge.search import search_articles
from realdesk.knowledge.search.embedders import embedder
from realdesk.knowledge.search.vectors import embedding_refresh, vector_index
from support.services import SHARED_DATA, needs_shared

pytestmark = pytest.mark.django_db

BANKING77 = SHARED_DATA / "banking77" / "train.csv"
WRITTEN, ASKED = 20, 40
KS = (1, 3, 5)
FLOOR = {
    # measured on SQLite .725/.886/.921, on PostgreSQL (its own stemming) .675/.859/.907
    "lexical": {1: 0.66, 3: 0.85, 5: 0.89},
    "embedding": {1: 0.84, 3: 0.94, 5: 0.96},  # measured .852/.952/.976 on both
    # The targets of issue 20: measured on SQLite .866/.959/.976, on PostgreSQL .854/.953/.975.
    "hybrid": {1: 0.85, 3: 0.95, 5: 0.97},
}


def _by_intent() -> dict[str, list[str]]:
    examples: dict[str, list[str]] = defaultdict(list)
    with BANKING77.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            examples[row["category"]].append(row["text"].strip())
    return examples


def _semantic_slugs(question: str, *, limit: int) -> list[str]:
    model = embedder()
    index = vector_index(language="en", embedder=model)
    scores = index.scores(model.embed([question])[0])
    best = index.translation_ids[np.argsort(-scores)[:limit]]
    slugs = dict(ArticleTranslation.objects.values_list("pk", "article__slug"))
    return [slugs[pk] for pk in best]


def _figures(found: list[tuple[str, list[str]]]) -> dict[str, float]:
    figures = {f"Recall@{k}": sum(slug in top[:k] for slug, top in found) for k in KS}
    figures["MRR"] = sum(1 / (top.index(slug) + 1) for slug, top in found if slug in top)
    return {name: value / len(found) for name, value in figures.items()}


@needs_shared("banking77/train.csv")
def test_recall_on_banking77(publish, settings, cached_embedder):
    examples = _by_intent()
    slugs = {}  # as stored: "Refund_not_showing_up" is saved as refund-not-showing-up
    for intent, texts in examples.items():
        body = "</p><p>".join(texts[:WRITTEN])
        title = intent.replace("_", " ").capitalize()
        slugs[intent] = publish(intent.replace("_", "-"), en=(title, body)).slug
    for pk in ArticleTranslation.objects.values_list("pk", flat=True):
        embedding_refresh(translation_id=pk, embedder=embedder())
    asked = [
        (slugs[intent], question)
        for intent, texts in examples.items()
        for question in texts[WRITTEN:][:ASKED]
    ]
    cached_embedder.embed([question for _, question in asked])  # one batch: seconds, not minutes
    limit = max(KS)
    found = {
        "hybrid": [
            (s, [r.slug for r in search_articles(q, language="en", limit=limit)]) for s, q in asked
        ],
        "embedding": [(s, _semantic_slugs(q, limit=limit)) for s, q in asked],
    }
    settings.REALDESK_SEARCH_EMBEDDER = ""
    found["lexical"] = [
        (s, [r.slug for r in search_articles(q, language="en", limit=limit)]) for s, q in asked
    ]
    figures = {mode: _figures(pairs) for mode, pairs in found.items()}
    print(f"\nbanking77: {len(examples)} articles, {len(asked)} questions")
    for mode in ("lexical", "embedding", "hybrid"):
        print(f"{mode:>10}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures[mode].items()))
    for mode, floors in FLOOR.items():
        for k, floor in floors.items():
            value = figures[mode][f"Recall@{k}"]
            assert value >= floor, f"{mode} Recall@{k} {value:.3f} fell below {floor}"
