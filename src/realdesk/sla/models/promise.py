from django.conf import settings
from django.db import models
from django.db.models import Q

from realdesk.sla.choices import PromiseStatus


class Promise(models.Model):
    """ "I will update you by <time>": a commitment the customer sees and we keep.

    `agent` answers for it: who made it, until the ticket changes owner and the promise
    goes with the ticket (the PROMISE_CHANGED events keep who made it). A promise nobody
    owes any more (the ticket was solved) is released with its reason, never left open.
    `remind_at` and `due_at` are indexed for the open promises only, so the
    evaluator finds those needing a reminder or an honest apology in one scan.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=255)
    made_at = models.DateTimeField()
    due_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    kept_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["due_at"], name="promise_due_idx", condition=Q(status="open")),
            models.Index(
                fields=["remind_at"],
                name="promise_remind_idx",
                condition=Q(status="open", reminded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"ticket {self.ticket_id}: {self.what} by {self.due_at:%Y-%m-%d %H:%M}"
