"""bench/reports.py at a small size, so the benchmark keeps working as the code changes
(the figures it prints at full size are in docs/performance.md)."""


def test_the_reports_bench_runs_small(run_bench):
    done = run_bench("reports.py", "--tickets", "600", "--days", "10", "--runs", "1")
    assert "rollup of one day" in done
    assert "/agent/reports/ last 4 weeks, business: median" in done
