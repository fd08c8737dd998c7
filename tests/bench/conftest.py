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
        done = bench_process(script, *args, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def bench_process(
    script: str, *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    """A bench script run to its end with `env`, its output captured."""
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
