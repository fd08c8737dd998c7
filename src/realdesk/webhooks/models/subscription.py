from django.db import models


class WebhookSubscription(models.Model):
    """A URL that hears about chosen ticket events, signed with its own secret.

    `event_types` is a short list of WebhookEvent values: subscriptions are few and
    read whole, so a list beats a join table and works the same on SQLite.
    `consecutive_failures` counts deliveries that failed for good since the last success;
    reaching the limit disables the subscription instead of retrying into a void forever.
    `disabled_reason` is why, in English as recorded; `disabled_facts` the same reason as a
    phrase (webhooks/reasons.py), shown in each admin's language.
    """

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000)
    event_types = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=255, blank=True)
    disabled_facts = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"
