"""bench/reports.py at a small size, so the benchmark keeps working as the code changes
(the figures it prints at full size are in docs/performance.md)."""

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "reports.py"


def test_the_reports_bench_runs_small(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, str(BENCH), "--tickets", "600", "--days", "10", "--runs", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "rollup of one day" in done.stdout
    assert "/agent/reports/ last 4 weeks, business: median" in done.stdout
