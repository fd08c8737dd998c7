import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def run_bench(tmp_path):
    """Run a bench script on a SQLite database of its own (the same one for every call of
    a test); its output, after asserting it succeeded."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "REALDESK_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(script: str, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(BENCH / script), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run
