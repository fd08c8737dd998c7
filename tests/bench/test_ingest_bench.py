"""bench/ingest.py at a small size through every door, so the benchmark keeps working as the
code changes (the figures it prints at full size are in docs/performance.md)."""

from support.services import needs_program


def test_the_ingest_bench_runs_small(run_bench):
    done = run_bench("ingest.py", "--n", "60", "--runs", "1", "--door", "bulk")
    assert "bulk: messages/s median" in done


@needs_program("dovecot", package="dovecot-imapd")
def test_the_ingest_bench_runs_small_through_imap(run_bench):
    assert "imap: messages/s median" in run_bench(
        "ingest.py", "--n", "60", "--runs", "1", "--door", "imap"
    )
