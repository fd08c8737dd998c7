"""Reads of people: agents, teams, customers."""

from django.conf import settings

from realdesk.accounts.identities import normalize_identity
from realdesk.accounts.models import Customer, CustomerIdentity


def customer_find(*, kind: str, value: str) -> Customer | None:
    """The customer behind an address on any channel, or None."""
    normalized = normalize_identity(
        kind, value, default_phone_region=settings.REALDESK_DEFAULT_PHONE_REGION
    )
    identity = (
        CustomerIdentity.objects.select_related("customer")
        .filter(kind=kind, value=normalized)
        .first()
    )
    return identity.customer if identity else None
