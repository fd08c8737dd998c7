"""`realdesk serve` end to end: migrates a new database, serves, its worker beats, Ctrl-C stops."""

import asyncio
import signal
import socket
import urllib.request

import pytest

from realdesk.core.management.commands.serve import listening_socket
from support.redis import needs_redis
from support.serve import start_serve, wait_healthy


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_serve_answers_healthz_ok_and_stops_cleanly(tmp_path, stop_signal):
    server, port = start_serve(tmp_path)
    try:
        health = wait_healthy(port)
        assert health["status"] == "ok", health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/agent/login/", timeout=5) as r:
            assert r.status == 200
            assert b"Sign in" in r.read()
    finally:
        server.send_signal(stop_signal)
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert "Stopping the background worker" in output


def test_several_processes_refuse_to_start_without_shared_counters(tmp_path):
    """Per-process counters would multiply every sign-in and API limit by the processes."""
    server, _ = start_serve(tmp_path, "--processes", "2")
    output = server.communicate(timeout=60)[0]
    assert server.returncode != 0
    assert "REALDESK_REDIS_URL" in output


@needs_redis
def test_several_processes_serve_and_stop_cleanly(tmp_path, redis_server):
    server, port = start_serve(tmp_path, "--processes", "2", REALDESK_REDIS_URL=redis_server.url)
    try:
        assert wait_healthy(port)["status"] == "ok"
        for _ in range(6):  # new connections, spread over the processes by the kernel
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/agent/login/", timeout=5) as r:
                assert r.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert server.returncode == 0, output
    assert output.count("Started server process") == 2, output
    assert "Stopping the background worker" in output


def test_shared_port_accepts_connections_without_nagle():
    """Without TCP_NODELAY every keep-alive response waits ~40 ms for a delayed ACK."""

    async def accepted_nodelay() -> int:
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        sock = listening_socket("127.0.0.1", 0)
        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await asyncio.wait_for(accepted, timeout=10)
        finally:
            writer.close()
            server.close()

    assert asyncio.run(accepted_nodelay()) == 1
