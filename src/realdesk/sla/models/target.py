from django.db import models
from django.db.models import Q

from realdesk.sla.choices import Level, Metric, Phase


class SLATarget(models.Model):
    """One running (or finished) SLA clock of one ticket: first response, each next
    response cycle, resolution.

    The clock is `elapsed` business time plus, while running, the time since
    `running_since`; `due_at` and `at_risk_at` are derived from it on every ticket
    event and kept in indexed columns so the evaluator finds what is due with one
    index range scan however many tickets are open.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(
        "sla.SLAPolicy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    metric = models.CharField(max_length=16, choices=Metric.choices)
    cycle = models.PositiveIntegerField(default=1)
    target = models.DurationField()
    # Set by an escalation rule ("leaving" -> answer within an hour): the target never
    # exceeds `cap` whatever policy governs, and `around_the_clock` counts every hour.
    cap = models.DurationField(null=True, blank=True)
    around_the_clock = models.BooleanField(default=False)
    at_risk_share = models.FloatField(default=0.75)
    started_at = models.DateTimeField()
    elapsed = models.DurationField()
    running_since = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.RUNNING)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.OK)
    at_risk_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    flagged_at_risk_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    achieved_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ticket", "started_at", "pk"]
        verbose_name = "SLA target"
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "metric", "cycle"], name="sla_target_one_per_cycle"
            ),
        ]
        indexes = [
            # Partial: only clocks the evaluator may still have to flag, so the index
            # stays as small as the work left, not as large as the history.
            models.Index(
                fields=["due_at"],
                name="sla_target_due_idx",
                condition=Q(phase="running") & ~Q(level="breached"),
            ),
            models.Index(
                fields=["at_risk_at"],
                name="sla_target_risk_idx",
                condition=Q(phase="running", level="ok"),
            ),
            models.Index(fields=["ticket", "phase"], name="sla_target_live_idx"),
            models.Index(fields=["policy", "phase"], name="sla_target_policy_idx"),
            # Reports count targets met and missed in a period (reports/selectors/service.py).
            models.Index(fields=["achieved_at"], name="sla_target_achieved_idx"),
            models.Index(fields=["breached_at"], name="sla_target_breached_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} #{self.cycle} of ticket {self.ticket_id}"
