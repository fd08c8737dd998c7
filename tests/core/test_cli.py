import subprocess
import sys

import pytest

from realdesk import cli


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "realdesk.cli", *args], capture_output=True, text=True, timeout=60
    )


def test_help_lists_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("serve", "worker", "demo", "manage"):
        assert f"realdesk {command}" in result.stdout


def test_unknown_command_is_a_clear_error():
    result = run("frobnicate")
    assert result.returncode == 2
    assert "unknown command 'frobnicate'" in result.stderr


def test_manage_passes_through_to_django():
    result = run("manage", "help", "migrate")
    assert result.returncode == 0
    assert "usage: realdesk migrate" in result.stdout


@pytest.mark.parametrize(
    ("serve_args", "base_url"),
    [
        ([], "http://127.0.0.1:8000"),
        (["--port", "8080"], "http://127.0.0.1:8080"),
        (["--port=9000", "--host", "::"], "http://127.0.0.1:9000"),
        (["--host", "::1", "--port", "8081"], "http://[::1]:8081"),
        (["--host", "desk.lan", "--processes", "1"], "http://desk.lan:8000"),
    ],
)
def test_the_base_url_follows_the_served_port(monkeypatch, serve_args, base_url):
    monkeypatch.delenv("REALDESK_BASE_URL", raising=False)
    cli._base_url_follows_port(serve_args)
    assert cli.os.environ["REALDESK_BASE_URL"] == base_url


def test_a_configured_base_url_is_kept(monkeypatch):
    monkeypatch.setenv("REALDESK_BASE_URL", "https://help.example.com")
    cli._base_url_follows_port(["--port", "8080"])
    assert cli.os.environ["REALDESK_BASE_URL"] == "https://help.example.com"
