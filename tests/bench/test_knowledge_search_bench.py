"""bench/knowledge_search.py at a small size, so the knowledge search bench keeps working as
the code changes: no timing asserted, only that every mode ran over every question (the
figures at 10,000 articles are in docs/performance.md)."""

import re


def test_the_knowledge_search_bench_runs_small(run_bench):
    done = run_bench("knowledge_search.py", "60")
    modes = re.findall(r"^(.+), sqlite, 60 articles, 300 queries: median [\d.]+ ms", done, re.M)
    assert modes == ["lexical", "hybrid", "hybrid, GET /support/search.json"], done
    assert "embedded 60 translations" in done
