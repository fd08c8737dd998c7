"""Reading configuration from the environment, with errors that say what to fix."""

import ipaddress
import os
import secrets
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no; got {raw!r}")


N = TypeVar("N", int, float)


def _env_number(name: str, default: N, kind: type[N], what: str) -> N:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}; got {raw!r}") from None


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One word out of a fixed set; a typo stops the start rather than quietly meaning the
    default."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    word = raw.strip().lower()
    if word not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
    return word


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Addresses and networks (CIDR), comma-separated, each checked: a typo must not quietly
    trust nobody, or everybody."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} takes addresses or networks like 10.0.0.5 or 10.0.0.0/8; got {item!r}"
            ) from None
    return networks


def env_choices(name: str, choices: tuple[str, ...], default: list[str]) -> frozenset[str]:
    """Several words out of a fixed set, comma-separated; a typo stops the start."""
    words = [word.lower() for word in env_list(name, default)]
    unknown = [word for word in words if word not in choices]
    if unknown:
        raise ImproperlyConfigured(
            f"{name} takes words out of {', '.join(choices)}; got {', '.join(unknown)}"
        )
    return frozenset(words)


def secret_key(*, production: bool, var_dir: Path) -> str:
    """Use SECRET_KEY, or keep a generated one under var/ so sessions survive restarts.

    Production never generates one: several web processes must share the same key.
    """
    key = env_str("SECRET_KEY")
    if key:
        return key
    if production:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when REALDESK_PRODUCTION=1 "
            '(generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))")'
        )
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def mail_domain(host: str | None) -> str:
    """The host as a mail domain; example.com for one that cannot receive mail (an IP
    address, localhost), so a local desk never writes from support@127.0.0.1."""
    host = (host or "").strip("[]").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if "." in host:
            return host
    return "example.com"
