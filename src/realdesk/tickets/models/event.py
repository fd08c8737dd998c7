from django.conf import settings
from django.db import models

from realdesk.tickets.choices import EventKind


class AppendOnlyError(Exception):
    """Raised on any attempt to rewrite history."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Events are append-only.")

    def delete(self):
        raise AppendOnlyError("Events are append-only.")


class Event(models.Model):
    """The audit trail: who changed what on a ticket, when, from what to what.

    Append-only: written by tickets/events.py in the same transaction as the change,
    never updated or deleted, so the history can be trusted by customers and auditors.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_customer = models.ForeignKey(
        "accounts.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = EventQuerySet.as_manager()
    # The message a message event is about, as its writer had it in hand (not a field):
    # reactions in the same transaction use it instead of reading the row back, which
    # was a query per reaction for every chat message. None for an event read back.
    written_message = None

    class Meta:
        ordering = ["created_at", "pk"]
        # The ETA counts a queue's recent replies: only those, never every recent event.
        indexes = [models.Index(fields=["kind", "created_at"], name="event_kind_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on ticket {self.ticket_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Events are append-only.")
