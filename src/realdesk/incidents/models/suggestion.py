from django.db import models

from realdesk.incidents.choices import SuggestionState


class IncidentSuggestion(models.Model):
    """Many alike tickets in the last hour (incidents/spike.py): a lead decides whether it is
    an incident. `ticket_ids` are the tickets that made the spike, linked if it becomes one."""

    title = models.CharField(max_length=200, help_text="The subject of the most typical ticket.")
    ticket_ids = models.JSONField(default=list)
    hourly_baseline = models.FloatField(help_text="Alike tickets per hour over the week before.")
    state = models.CharField(
        max_length=16, choices=SuggestionState.choices, default=SuggestionState.PENDING
    )
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{len(self.ticket_ids)} tickets like “{self.title}”"
