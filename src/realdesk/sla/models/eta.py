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
