"""Two `realdesk worker` processes share one PostgreSQL queue: no task twice, none lost."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from realdesk.core.models import WorkerHeartbeat
from support.tasks import record_run

BURST = 1000


def worker_env(tmp_path: Path) -> dict[str, str]:
    """The workers must use the test database, not the one DATABASE_URL names."""
    url = urlsplit(os.environ["DATABASE_URL"])
    test_db = connection.settings_dict["NAME"]
    env = dict(os.environ)
    env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{test_db}"))
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[1]), env.get("PYTHONPATH", "")])
    env["REALDESK_VAR_DIR"] = str(tmp_path / "var")
    env["REALDESK_WORKER_HEARTBEAT_SECONDS"] = "1"
    return env


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_run_a_burst_exactly_once(tmp_path):
    log = tmp_path / "runs.log"
    # Only the burst's own tasks: the workers also enqueue periodic jobs, and one enqueued
    # just before they stop is, rightly, claimed by nobody.
    burst = DBTaskResult.objects.filter(task_path=record_run.module_path)
    for number in range(BURST):
        record_run.enqueue(number=number, log_path=str(log))

    command = [sys.executable, "-m", "realdesk.cli", "worker", "--interval", "0.05"]
    workers = [
        subprocess.Popen(command, env=worker_env(tmp_path), stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if burst.filter(status="SUCCESSFUL").count() == BURST:
                break
            assert all(w.poll() is None for w in workers), "a worker died"
            time.sleep(0.5)
        assert WorkerHeartbeat.objects.count() == 2
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=30)[0] for worker in workers]

    assert all(worker.returncode == 0 for worker in workers), outputs
    runs = [int(line.split()[0]) for line in log.read_text().splitlines()]
    assert sorted(runs) == list(range(BURST)), "a task was lost or ran twice"
    pids = {line.split()[1] for line in log.read_text().splitlines()}
    assert len(pids) == 2, "both workers should have taken part"
    claims = burst.values_list("worker_ids", flat=True)
    assert all(len(ids) == 1 for ids in claims), "a task was claimed twice"
    assert WorkerHeartbeat.objects.count() == 0, "stopped workers remove their heartbeat"
