from django.conf import settings
from django.db import models


class IncidentTicket(models.Model):
    """A ticket that is about an incident: its customer hears the incident's updates."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="ticket_links"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="incident_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    automatic = models.BooleanField(
        default=False, help_text="Linked because the ticket matched the incident's keywords."
    )
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["-linked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "ticket"], name="incident_ticket_unique")
        ]

    def __str__(self) -> str:
        return f"ticket {self.ticket_id} in incident {self.incident_id}"
