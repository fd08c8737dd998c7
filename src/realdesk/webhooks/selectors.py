"""Reads of the webhooks app."""

from realdesk.webhooks.models import WebhookSubscription


def subscriptions_listening(*, event_type: str) -> list[WebhookSubscription]:
    """Active subscriptions to this event type. Filtered in Python: subscriptions are a
    handful of rows, and JSON containment lookups are not the same on every database."""
    active = WebhookSubscription.objects.filter(is_active=True).order_by("pk")
    return [subscription for subscription in active if event_type in subscription.event_types]
