"""bench/api_bench.py at a small size, so the API bench keeps working as the code changes
(its figures at full size are in docs/performance.md). It needs a PostgreSQL database of
its own, made here on the server the suite uses. No timing is asserted: every request
must succeed."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.postgres

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def empty_database():
    db = settings.DATABASES["default"]
    server = {k: db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
    address = "postgres://{USER}{password}@{HOST}:{PORT}".format(
        password=f":{server['PASSWORD']}" if server.get("PASSWORD") else "", **server
    )
    name = f"apibench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{address}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{address}/{name}"
    with psycopg.connect(f"{address}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_the_api_bench_runs_small(empty_database, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "api_bench.py"),
            "--database-url",
            empty_database,
            "--create",
            "40",
            "--clients",
            "2",
            "--read-tickets",
            "300",
            "--read-rate",
            "10",
            "--read-seconds",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
            },
            "REALDESK_VAR_DIR": str(tmp_path),
        },
    )
    assert done.returncode == 0, done.stderr
    assert "CPU probe" in done.stdout
    assert re.search(
        r"create \(2 clients\): 40 requests .* errors 0 \(statuses \{201: 40\}\)", done.stdout
    )
    assert re.search(r"list at 10/s \(open loop\): \d+ requests .* errors 0 ", done.stdout)
