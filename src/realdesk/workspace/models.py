from django.conf import settings
from django.db import models

from realdesk.workspace.choices import PresenceState


class SavedView(models.Model):
    """An inbox view with the agent's filters, kept under a name of their choosing."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=80)
    view = models.SlugField(max_length=32, help_text="The inbox view it narrows.")
    query = models.CharField(max_length=1000, blank=True, help_text="The filters, URL-encoded.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "name"], name="saved_view_name_per_agent")
        ]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """Who has a ticket open right now, refreshed by the page every few seconds.

    One row per agent and ticket, overwritten on each beat; rows older than the
    freshness window mean the agent left, so nothing needs cleaning up to be correct.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=PresenceState.choices)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "agent"], name="presence_per_agent")
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.state} ticket {self.ticket_id}"
