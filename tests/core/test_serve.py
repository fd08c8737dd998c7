"""`realdesk serve` end to end: migrates a new database, serves, its worker beats, Ctrl-C stops."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from support.mail import free_port


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_serve_answers_healthz_ok_and_stops_cleanly(tmp_path, stop_signal):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REALDESK_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "REALDESK_VAR_DIR": str(tmp_path / "var"),
        "REALDESK_WORKER_HEARTBEAT_SECONDS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "realdesk.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health, deadline = None, time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = json.load(r)
                if health["status"] == "ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert health is not None, "the server never answered"
        assert health["status"] == "ok", health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/agent/login/", timeout=5) as r:
            assert r.status == 200
            assert b"Sign in" in r.read()
    finally:
        server.send_signal(stop_signal)
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert "Stopping the background worker" in output
