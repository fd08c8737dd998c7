"""Writes of API tokens. The secret is shown once, by the caller, and never stored."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.api.choices import TokenScope
from realdesk.api.models import ApiToken
from realdesk.core.errors import ApplicationError

TOKEN_MARK = "rdk"  # noqa: S105 (a visible marker so leaked tokens are easy to scan for)
# Recording every use would turn each read into a write; a minute is precise enough to
# tell a token in use from a forgotten one.
TOUCH_INTERVAL = timedelta(minutes=1)
#: Per process and token: when this process last recorded a use of it.
_touched: dict[int, datetime] = {}


def secret_hash(secret: str) -> str:
    """SHA-256 is enough: the secret is 32 random bytes, so there is nothing to stretch."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, agent: User, scope: str, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the agent and its full text, which the caller shows exactly once."""
    if scope not in TokenScope.values:
        raise ApplicationError(
            gettext("Unknown scope %(scope)r: use read or write.") % {"scope": scope},
            code="invalid_scope",
        )
    if not agent.is_active:
        raise ApplicationError(
            gettext("%(agent)s is not active.") % {"agent": agent}, code="inactive_agent"
        )
    if scope == TokenScope.WRITE and not agent.can_edit_tickets:
        raise ApplicationError(
            gettext("%(agent)s has a read-only role, so only a read token makes sense.")
            % {"agent": agent},
            code="invalid_scope",
        )
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        agent=agent,
        name=name.strip()[:100],
        scope=scope,
        prefix=prefix,
        secret_hash=secret_hash(secret),
        created_at=timezone.now(),
    )
    return token, f"{TOKEN_MARK}_{prefix}_{secret}"


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop the token working at once; the row stays as a record that it existed."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_touch(*, token: ApiToken) -> None:
    """Note that the token was used, at most once a minute: no query at all while the time
    last read or written by this process is recent, else one conditional UPDATE (safe
    across processes). The time read with the token may be a remembered one, so the
    process keeps what it wrote (`_touched`)."""
    now = timezone.now()
    known = [at for at in (token.last_used_at, _touched.get(token.pk)) if at]
    if known and max(known) >= now - TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL), pk=token.pk
    ).update(last_used_at=now)
    _touched[token.pk] = now


def touches_forget() -> None:
    """Forget the uses recorded (for tests, whose databases are rolled back)."""
    _touched.clear()
