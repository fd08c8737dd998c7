"""Standard Webhooks signatures: HMAC-SHA256 over "{id}.{timestamp}.{body}".

The receiver checks the same three values it gets in the headers, so a captured
request cannot be replayed with another body, and an old one is refused by its
timestamp. Secrets are `whsec_` + base64 of 32 random bytes, the form the Standard
Webhooks libraries accept as is.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SIGNATURE_VERSION = "v1"


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, webhook_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header value."""
    signed = f"{webhook_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"


def signature_valid(
    *, secret: str, webhook_id: str, timestamp: int, body: str, header: str
) -> bool:
    """What a receiver does; the header may carry several space-separated signatures
    (during a secret rotation), any one of which may match."""
    expected = signature(secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, given) for given in header.split())
