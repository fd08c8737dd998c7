"""Identity signing: the host site vouches for its signed-in user with
`user_hash = HMAC-SHA256(secret, user_id)` (hex), so the chat knows who it is without
trusting what was typed. Pure: the caller passes the secret."""

import hashlib
import hmac

from django.utils.translation import gettext

from realdesk.core.errors import ApplicationError


def identity_sign(*, user_id: str, secret: str) -> str:
    """What the host site computes on its server (never in the browser: the secret is its)."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def check_identity_signature(*, user_id: str, user_hash: str, secret: str) -> None:
    """A missing secret, a missing half or a wrong hash is refused: an unsigned id would let
    anyone read into another person's thread."""
    if not secret:
        raise ApplicationError(
            gettext(
                "This desk accepts no signed identity (REALDESK_CHAT_IDENTITY_SECRET is not set)."
            ),
            code="identity_refused",
        )
    if not user_id or not user_hash:
        raise ApplicationError(
            gettext("Send user_id and user_hash together."), code="identity_refused"
        )
    expected = identity_sign(user_id=user_id, secret=secret)
    if not hmac.compare_digest(expected, user_hash.strip().lower()):
        raise ApplicationError(
            gettext("user_hash is not the HMAC-SHA256 of user_id with this desk's secret."),
            code="identity_refused",
        )
