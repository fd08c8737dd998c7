from django.conf import settings
from django.db import models

from realdesk.incidents.choices import Impact, IncidentKind, IncidentStatus


class Incident(models.Model):
    """Something wrong (or planned) that many customers notice at once.

    Customers read the title and the updates on the status page and in mail, so they are
    written for them; `*_translations` hold the same words in other languages. `keywords`
    (one phrase a line) are how new tickets are recognised as being about it.
    """

    kind = models.CharField(
        max_length=16, choices=IncidentKind.choices, default=IncidentKind.INCIDENT
    )
    title = models.CharField(max_length=200)
    title_translations = models.JSONField(default=dict, blank=True)
    impact = models.CharField(max_length=16, choices=Impact.choices, default=Impact.MINOR)
    status = models.CharField(
        max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.INVESTIGATING
    )
    components = models.ManyToManyField("incidents.Component", blank=True, related_name="incidents")
    keywords = models.TextField(
        blank=True,
        help_text="One phrase a line; a new ticket containing one is linked to this incident.",
    )
    scheduled_for = models.DateTimeField(null=True, blank=True)
    scheduled_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"], name="incident_status_idx")]

    def __str__(self) -> str:
        return self.title
