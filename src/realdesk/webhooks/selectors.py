"""Reads of the webhooks app."""

from realdesk.core.config_cache import remembered_in_process
from realdesk.webhooks.models import WebhookSubscription


def subscriptions_listening(*, event_type: str) -> list[WebhookSubscription]:
    """Active subscriptions to this event type. Filtered in Python: subscriptions are a
    handful of rows, and JSON containment lookups are not the same on every database."""
    return [s for s in _active_subscriptions() if event_type in s.event_types]


@remembered_in_process(WebhookSubscription)
def _active_subscriptions() -> list[WebhookSubscription]:
    return list(WebhookSubscription.objects.filter(is_active=True).order_by("pk"))
