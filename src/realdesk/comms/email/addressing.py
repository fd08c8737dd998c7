"""Our own addresses: the support address, its per-ticket plus-addresses, and aliases."""

import re

from django.conf import settings

_TICKET_TAG = re.compile(r"^t(\d{1,12})$")


def support_address() -> str:
    return settings.REALDESK_SUPPORT_ADDRESS


def ticket_reply_address(number: int) -> str:
    """support+t1234@example.com: a reply lands on its ticket whatever the subject says."""
    local, _, domain = support_address().partition("@")
    return f"{local}+t{number}@{domain}"


def ticket_number_in_address(address: str) -> int | None:
    local, _, domain = address.lower().partition("@")
    base, plus, tag = local.partition("+")
    support_local, _, support_domain = support_address().partition("@")
    if not plus or base != support_local or domain != support_domain:
        return None
    match = _TICKET_TAG.match(tag)
    return int(match.group(1)) if match else None


def own_addresses() -> set[str]:
    return {support_address(), settings.REALDESK_FROM_ADDRESS.lower()} | {
        a.lower() for a in settings.REALDESK_OWN_ADDRESSES
    }


def is_own_address(address: str) -> bool:
    """Ours, including any plus-address of ours."""
    local, _, domain = address.lower().partition("@")
    base = local.partition("+")[0]
    return f"{base}@{domain}" in own_addresses() or address.lower() in own_addresses()
