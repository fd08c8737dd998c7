"""Reads of people: agents, teams, customers."""

from collections.abc import Mapping

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


def customer_labels(*, names: Mapping[int, str]) -> dict[int, str]:
    """What `str()` shows for many customers, given their names by id: one query, only for
    those without a name, instead of one per customer."""
    labels = {pk: name for pk, name in names.items() if name}
    nameless = [pk for pk in names if pk not in labels]
    if nameless:
        firsts = CustomerIdentity.objects.filter(customer_id__in=nameless)
        for pk, value in firsts.order_by("customer_id", "kind", "value").values_list(
            "customer_id", "value"
        ):
            labels.setdefault(pk, value)
    return {pk: labels.get(pk, f"Customer {pk}") for pk in names}
