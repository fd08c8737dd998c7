from django.db import models


class WebhookAttempt(models.Model):
    """One try at a delivery: the log an admin reads when a receiver says it got nothing."""

    delivery = models.ForeignKey(
        "webhooks.WebhookDelivery", on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
