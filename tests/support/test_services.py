"""REALDESK_REQUIRE_SERVICES=1 turns a skip for a missing service into a failure; a test
that does not apply to the database is deselected either way."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
NEEDS_SHARED = "tests/knowledge/test_retrieval_banking77.py"
POSTGRES_ONLY = "tests/core/test_worker_burst.py"


def run_pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """pytest on a SQLite database, with the shared data directory pointing nowhere."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment |= {"REALDESK_SHARED_DIR": str(tmp_path / "no-shared"), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", NEEDS_SHARED, POSTGRES_ONLY],
        cwd=TESTS.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("required", "code", "summary"),
    [("0", 0, "1 skipped, 1 deselected"), ("1", 1, "1 deselected, 1 error")],
    ids=["developer", "ci"],
)
def test_missing_shared_data_skips_or_fails(tmp_path, required, code, summary):
    result = run_pytest(tmp_path, REALDESK_REQUIRE_SERVICES=required)
    assert result.returncode == code, result.stdout + result.stderr
    assert summary in result.stdout, result.stdout
    if required == "1":
        assert "skipped while REALDESK_REQUIRE_SERVICES=1: needs shared data" in result.stdout
