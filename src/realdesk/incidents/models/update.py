from django.conf import settings
from django.db import models

from realdesk.incidents.choices import IncidentStatus


class IncidentUpdate(models.Model):
    """One post about an incident: what we know now, and the status it moved to. Each
    reaches the status page, the feed, subscribers and (when asked) every linked customer."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(max_length=16, choices=IncidentStatus.choices)
    body = models.TextField()
    body_translations = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    customers_notified = models.PositiveIntegerField(default=0)
    # Claimed before the subscribers' mail goes out, so a retried task never mails twice.
    subscribers_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident}: {self.get_status_display()}"
