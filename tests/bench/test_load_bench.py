"""bench/load.py at a small size on SQLite, so the mixed load test keeps working as the
code changes (the figures it prints at full size are in docs/performance.md). No timing
is asserted: a failed request or an email without exactly one outcome fails the bench,
which exits non-zero, and so this test."""

import re


def test_the_load_bench_runs_small(run_bench):
    done = run_bench(
        "load.py",
        *("--tickets", "300", "--minutes", "0.5", "--users", "0.04"),
        *("--mail-rate", "2", "--articles", "40", "--processes", "2"),
    )
    assert "people: 2 agents, 8 customers, 1 integrations" in done
    assert re.search(r"SMTP DATA at 2/s +\d+ +0 ", done)
    assert re.search(r"GET /agent/views/\[view\]/ +[1-9]\d* +0 ", done)
    assert re.search(r"GET /support/search/\?q=\[q\] +[1-9]\d* +0 ", done)
    assert re.search(r"GET /api/v1/tickets\?\[filters\] +[1-9]\d* +0 ", done)
    assert "every email accepted became exactly one outcome" in done
    assert "errors: 0" in done
