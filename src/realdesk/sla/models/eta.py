from django.db import models


class EtaPrediction(models.Model):
    """What we told a customer about their first human answer, kept to measure honesty."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    made_at = models.DateTimeField(db_index=True)
    eta = models.DateTimeField()
    sla_due = models.DateTimeField(null=True, blank=True)
    queue_eta = models.DateTimeField(null=True, blank=True)
    tickets_ahead = models.PositiveIntegerField(default=0)
    # What the customer read, in their words and zone; empty for a prediction nobody
    # was told (kept only for calibration).
    phrase = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = "ETA prediction"

    def __str__(self) -> str:
        return f"ticket {self.ticket_id}: by {self.eta:%Y-%m-%d %H:%M}"


class QueueReplies(models.Model):
    """Replies sent per queue and hour, kept as they are sent: the queue's pace for the
    ETA is a sum of at most a week of hours, not a count of a week of events (some 100,000
    on a desk of a million tickets, 0.15-0.7 s for every new ticket)."""

    queue = models.BigIntegerField(help_text="The team's id; 0 for tickets with no team.")
    hour = models.DateTimeField()
    replies = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["queue", "hour"], name="queue_replies_hour_uniq")
        ]
        verbose_name_plural = "queue replies"

    def __str__(self) -> str:
        return f"queue {self.queue}: {self.replies} replies from {self.hour:%Y-%m-%d %H:%M}"
