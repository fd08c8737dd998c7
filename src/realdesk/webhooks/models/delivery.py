from django.db import models

from realdesk.webhooks.choices import DeliveryStatus, WebhookEvent


class WebhookDelivery(models.Model):
    """One event for one subscription: the outbox row, written in the event's transaction.

    `webhook_id` and `body` are fixed when the row is written, so every retry sends the
    same id and the same bytes and the receiver can drop duplicates by id. The worker
    moves the row to `sending` before it talks to the receiver, so two workers never
    send it at once.
    """

    webhook_id = models.CharField(max_length=64, unique=True)
    subscription = models.ForeignKey(
        "webhooks.WebhookSubscription", on_delete=models.CASCADE, related_name="deliveries"
    )
    # The ticket event it tells of; none for events of other domains (incidents).
    event = models.ForeignKey(
        "tickets.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event_type = models.CharField(max_length=40, choices=WebhookEvent.choices)
    body = models.TextField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id} [{self.status}]"
