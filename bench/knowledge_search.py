"""Benchmark of knowledge-base search with 10,000 published articles.

Run from the repository root; it migrates a scratch database and fills it, so never
point it at real data. SQLite (the default: a fresh file in a temporary directory) or
PostgreSQL (an empty database):

    .venv/bin/python bench/knowledge_search.py [N]
    DATABASE_URL=postgres://... .venv/bin/python bench/knowledge_search.py [N]

Articles are written from banking77's customer questions (shared/data, CC-BY-4.0; an
article is one question as its title and eight of the same intent as its body, or
synthetic words when the data is absent). The queries are 300 other questions, a third
of them with a typo. It prints the median, 95th percentile and worst time of
`search_articles` over the queries, and the first query's time (which builds the
spelling vocabulary and loads the vectors), for the full-text search alone
(REALDESK_SEARCH_EMBEDDER empty), then with the articles embedded (hybrid), then the
hybrid search through `GET /support/search.json` (Django's test client: the middleware,
the search and the SearchEvent it records).
"""

import csv
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")
if "REALDESK_VAR_DIR" not in os.environ:  # a directory only when the caller named none
    os.environ["REALDESK_VAR_DIR"] = tempfile.mkdtemp(prefix="realdesk-bench-")
SHARED = Path(os.environ.get("REALDESK_SHARED_DIR") or ROOT / ".." / "shared") / "data"

import django  # noqa: E402 - after the environment it reads

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from realdesk.knowledge.actions import article_create, translation_save  # noqa: E402
from realdesk.knowledge.search import search_articles  # noqa: E402
from realdesk.knowledge.tasks import articles_embed_stale  # noqa: E402

QUERIES = 300
CLIENT = Client()


def questions(rng: random.Random) -> dict[str, list[str]]:
    source = SHARED / "banking77" / "train.csv"
    by_intent: dict[str, list[str]] = defaultdict(list)
    if source.exists():
        with source.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                by_intent[row["category"]].append(row["text"].strip())
        return by_intent
    words = [f"word{i}" for i in range(3000)]
    for intent in range(77):
        by_intent[str(intent)] = [" ".join(rng.choices(words, k=9)) for _ in range(130)]
    return by_intent


def typo(text: str, rng: random.Random) -> str:
    position = rng.randrange(1, max(2, len(text) - 1))
    return text[:position] + text[position + 1 :]


def fill(n: int, rng: random.Random) -> list[str]:
    by_intent = questions(rng)
    pool = [(intent, text) for intent, texts in by_intent.items() for text in texts]
    rng.shuffle(pool)
    asked = [text for _, text in pool[:QUERIES]]
    with transaction.atomic():
        for i in range(n):
            intent, title = pool[QUERIES + i % (len(pool) - QUERIES)]
            body = "</p><p>".join(rng.sample(by_intent[intent], 8))
            article = article_create(slug=f"a{i}", actor=None, keywords=intent.replace("_", " "))
            translation_save(
                article=article,
                language="en",
                title=title,
                body_html=f"<p>{body}</p>",
                actor=None,
                publish=True,
            )
    return [typo(q, rng) if i % 3 == 0 else q for i, q in enumerate(asked)]


def main(n: int) -> None:
    rng = random.Random(77)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with override_settings(REALDESK_SEARCH_EMBEDDER=""):
        queries = fill(n, rng)
        print(f"filled {n} articles in {time.perf_counter() - started:.1f} s")
        measure(queries, n, "lexical")
    started = time.perf_counter()
    print(f"embedded {articles_embed_stale.call()} translations", end=" ")
    print(f"in {time.perf_counter() - started:.1f} s")
    measure(queries, n, "hybrid")
    with override_settings(REALDESK_PUBLIC_SEARCH_RATE_LIMIT=0, ALLOWED_HOSTS=["testserver"]):
        measure(queries, n, "hybrid, GET /support/search.json", through_endpoint)


def measure(queries: list[str], n: int, mode: str, search=None) -> None:
    """Times `search` (default: `search_articles`, limit 10) over the queries."""
    search = search or (lambda query: search_articles(query, language="en", limit=10))
    first = time.perf_counter()
    search(queries[0])
    took = (time.perf_counter() - first) * 1000
    print(f"first query (builds the vocabulary, loads the vectors): {took:.1f} ms")
    times = []
    for query in queries:
        begin = time.perf_counter()
        search(query)
        times.append((time.perf_counter() - begin) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{mode}, {connection.vendor}, {n} articles, {len(times)} queries: median "
        f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, worst {times[-1]:.1f} ms "
        f"({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()})"
    )


def through_endpoint(query: str) -> None:
    """The public endpoint as the portal, widget and phone menu call it: middleware,
    the search, its SearchEvent row and the JSON (the rate limit off, as for a trusted
    set-up; it is one counter write more)."""
    response = CLIENT.get("/support/search.json", {"q": query, "language": "en", "limit": 10})
    assert response.status_code == 200, response.content


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
