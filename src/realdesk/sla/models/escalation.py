from django.conf import settings
from django.db import models

from realdesk.sla.choices import Condition, Response
from realdesk.tickets.choices import Priority


class EscalationRule(models.Model):
    """When `condition` holds for a ticket, do `response`; configured in the admin.

    Rules sharing a condition act together, once per ticket (see Escalation).
    """

    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True)
    condition = models.CharField(max_length=32, choices=Condition.choices)
    response = models.CharField(max_length=32, choices=Response.choices)
    priority = models.CharField(
        max_length=16, choices=Priority.choices, blank=True, help_text="For raise priority."
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For reassign: the senior team.",
    )
    watcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For add a watcher.",
    )
    respond_within = models.DurationField(
        null=True, blank=True, help_text="For shorten the target: answer within (e.g. 1:00:00)."
    )
    around_the_clock = models.BooleanField(
        default=False, help_text="For shorten the target: count every hour, not office hours."
    )

    class Meta:
        ordering = ["condition", "name"]

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """A ticket escalated for one reason; unique, so the same reason never fires twice.

    `detail` is the condition's finding in English, as recorded (searches, the API);
    `facts` is the same finding as a phrase (sla/reasons.py), which each reader sees in
    their own language. Rows from before phrases whose text could not be read back have
    none, and show `detail` as it is."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=32, choices=Condition.choices)
    detail = models.CharField(max_length=255, blank=True)
    facts = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "reason"], name="escalation_once_per_reason")
        ]

    def __str__(self) -> str:
        return f"ticket {self.ticket_id}: {self.reason}"


class Watcher(models.Model):
    """An agent kept informed about a ticket they do not own (added by escalation)."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "agent"], name="watcher_once_per_ticket")
        ]

    def __str__(self) -> str:
        return f"{self.agent} watches ticket {self.ticket_id}"
