"""Normalising customer addresses so one person is found again on every channel.

Pure functions, no database: `John.Doe@Example.COM`, `+1 (415) 555-0100` and
`@JohnDoe` on a social network must each map to one stored value.
"""

import re
from email.utils import parseaddr

from django.utils.translation import gettext

from realdesk.accounts.choices import IdentityKind
from realdesk.core.errors import ApplicationError

_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_HANDLE = re.compile(r"^[a-z0-9_.-]{1,100}$")
_PLATFORM = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")


def normalize_email(value: str) -> str:
    """Exactly one plain address, lower-cased; anything ambiguous is refused.

    Strictness matters for safety: `a@evil@victim.com` must never match the victim.
    """
    address = value.strip()
    if "<" in address or ">" in address:
        address = parseaddr(address)[1]
    local, sep, domain = address.rpartition("@")
    if not sep or not _LOCAL_PART.match(local) or ".." in local or not _DOMAIN.match(domain):
        raise ApplicationError(
            gettext("Not a valid email address: %(value)r") % {"value": value}, code="invalid_email"
        )
    return f"{local}@{domain}".lower()


def normalize_phone(value: str, *, default_region: str) -> str:
    """E.164 (+14155550100); numbers without a country code use the configured region."""
    import phonenumbers  # its tables cost 30 ms to load; mail never needs them

    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        raise ApplicationError(
            gettext("Not a phone number: %(value)r") % {"value": value}, code="invalid_phone"
        ) from None
    if not phonenumbers.is_possible_number(number):
        raise ApplicationError(
            gettext("Not a possible phone number: %(value)r") % {"value": value},
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_social(value: str) -> str:
    """`platform:handle`, lower-cased, without the @ (handles are case-insensitive)."""
    platform, sep, handle = value.strip().lower().partition(":")
    handle = handle.strip().lstrip("@")
    if not sep or not _PLATFORM.match(platform) or not _HANDLE.match(handle):
        raise ApplicationError(
            gettext("A social handle looks like 'mastodon:@name'; got %(value)r")
            % {"value": value},
            code="invalid_social",
        )
    return f"{platform}:{handle}"


def normalize_identity(kind: str, value: str, *, default_phone_region: str) -> str:
    if kind == IdentityKind.EMAIL:
        return normalize_email(value)
    if kind == IdentityKind.PHONE:
        return normalize_phone(value, default_region=default_phone_region)
    if kind == IdentityKind.SOCIAL:
        return normalize_social(value)
    if kind == IdentityKind.EXTERNAL:
        return normalize_external(value)
    raise ApplicationError(
        gettext("Unknown identity kind %(kind)r") % {"kind": kind}, code="invalid_identity"
    )


EXTERNAL_LENGTH = 255


def normalize_external(value: str) -> str:
    """The host site's user id as it signed it: exact (ids may be case-sensitive)."""
    if not value or len(value) > EXTERNAL_LENGTH or value != value.strip():
        raise ApplicationError(
            gettext("user_id must be 1 to %(length)s characters, without surrounding spaces.")
            % {"length": EXTERNAL_LENGTH},
            code="invalid_user_id",
        )
    return value
