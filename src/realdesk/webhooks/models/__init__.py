from realdesk.webhooks.models.attempt import WebhookAttempt
from realdesk.webhooks.models.delivery import WebhookDelivery
from realdesk.webhooks.models.subscription import WebhookSubscription

__all__ = ["WebhookAttempt", "WebhookDelivery", "WebhookSubscription"]
