"""`realdesk serve` in a subprocess on a SQLite file of its own, and waiting for /healthz."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from support.mail import free_port

TESTS_DIR = Path(__file__).resolve().parents[1]


def serve_env(tmp_path: Path, **env_extra: str) -> dict[str, str]:
    """The environment of a server and of commands run against its database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REALDESK_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "REALDESK_VAR_DIR": str(tmp_path / "var"),
        "REALDESK_WORKER_HEARTBEAT_SECONDS": "1",
        # tests' own tasks (support.tasks) must be importable by the server's worker
        "PYTHONPATH": os.pathsep.join([str(TESTS_DIR), env.get("PYTHONPATH", "")]),
        **env_extra,
    }
    return env


def start_serve(
    tmp_path: Path, *args: str, output: IO | int = subprocess.PIPE, **env_extra: str
) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "realdesk.cli", "serve", "--port", str(port), *args],
        env=serve_env(tmp_path, **env_extra),
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return server, port


def healthz(port: int) -> tuple[int, dict]:
    """The status code and body of /healthz, also when it answers 503."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def wait_healthy(port: int) -> dict:
    health, deadline = None, time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            _, health = healthz(port)
            if health["status"] == "ok":
                break
        except OSError:
            pass
        time.sleep(0.5)
    assert health is not None, "the server never answered"
    return health
