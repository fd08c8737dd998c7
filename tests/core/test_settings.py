"""Production mode: secure defaults, a clean `check --deploy`, and clear refusals."""

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "REALDESK_PRODUCTION": "1",
    "SECRET_KEY": "x7-Lq2vR9#pZt4!wK8mN3bY6cF1hJ5dS0gA-uE2iO9rT7yW4qP1zX6vB3nM8kL5j",
    "REALDESK_BASE_URL": "https://help.example.com",
}


def realdesk(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("REALDESK_")}
    base.pop("SECRET_KEY", None)
    base["REALDESK_VAR_DIR"] = str(tmp_path / "var")
    base.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(
        [sys.executable, "-m", "realdesk.cli", *args],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = realdesk(
        "manage", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_outside_production(tmp_path):
    """The same check fails on the embedded defaults, so the test above can fail."""
    result = realdesk(
        "manage", "check", "--deploy", "--fail-level", "WARNING", env={}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "security.W" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is required"),
        ({"REALDESK_BASE_URL": "http://help.example.com"}, "must use https"),
        ({"REALDESK_BASE_URL": "help.example.com"}, "REALDESK_BASE_URL must look like"),
        ({"REALDESK_PRODUCTION": "maybe"}, "REALDESK_PRODUCTION must be one of"),
        (
            {"REALDESK_EMAIL_STRANGER_POLICY": "everyone"},
            "REALDESK_EMAIL_STRANGER_POLICY must be one of new_ticket, cc; got 'everyone'",
        ),
    ],
)
def test_production_refuses_missing_or_bad_settings(tmp_path, change, message):
    result = realdesk("manage", "check", env=PRODUCTION | change, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_embedded_default_keeps_generated_secret_key(tmp_path):
    first = realdesk(
        "manage",
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env={},
        tmp_path=tmp_path,
    )
    second = realdesk(
        "manage",
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env={},
        tmp_path=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert len(key) >= 50
    assert second.stdout.strip().splitlines()[-1] == key
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def test_production_security_settings(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)"
    )
    result = realdesk(
        "manage", "shell", "-c", code, env=PRODUCTION | {"REALDESK_DEBUG": "1"}, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False True True True 31536000 ['help.example.com'] ['https://help.example.com']"
    )
