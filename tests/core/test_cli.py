import subprocess
import sys


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
