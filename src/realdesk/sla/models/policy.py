from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class SLAPolicy(models.Model):
    """Targets for the tickets that match its conditions; the first match by position wins.

    An empty condition matches everything, so a last catch-all policy keeps every
    ticket under some promise.
    """

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveIntegerField(default=100, help_text="Lower is tried first.")
    active = models.BooleanField(default=True)
    priorities = models.JSONField(default=list, blank=True)
    tiers = models.JSONField(default=list, blank=True)
    channels = models.JSONField(default=list, blank=True)
    organizations = models.ManyToManyField("accounts.Organization", blank=True, related_name="+")
    teams = models.ManyToManyField("accounts.Team", blank=True, related_name="+")
    calendar = models.ForeignKey(
        "sla.BusinessCalendar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text="Empty: targets run 24/7 in calendar time.",
    )
    first_response = models.DurationField(null=True, blank=True, help_text="e.g. 04:00:00")
    next_response = models.DurationField(null=True, blank=True)
    resolution = models.DurationField(null=True, blank=True)
    pause_on_hold = models.BooleanField(
        default=True, help_text="Stop the clock while the ticket is on hold."
    )
    at_risk_share = models.FloatField(
        default=0.75,
        validators=[MinValueValidator(0.05), MaxValueValidator(1.0)],
        help_text="Share of a target elapsed when the ticket counts as at risk.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return self.name
