from django.db import models

from realdesk.surveys.choices import Score


class Rating(models.Model):
    """The customer's verdict on one solve: asked once per solve, changeable for a while.

    The row exists from the moment we ask (empty score), so asking twice is impossible.
    """

    solve_event = models.OneToOneField(
        "tickets.Event", on_delete=models.PROTECT, related_name="rating"
    )
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="ratings")
    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.CharField(max_length=8, choices=Score.choices, blank=True)
    comment = models.TextField(blank=True)
    asked_at = models.DateTimeField()
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["customer", "rated_at"], name="rating_customer_idx"),
            # The reports' period: a month's ratings and its newest comments, not every
            # rating ever asked (tens of milliseconds a read at a million tickets).
            models.Index(fields=["rated_at"], name="rating_rated_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.ticket.number}: {self.score or 'not rated'}"
