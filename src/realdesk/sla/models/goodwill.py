from django.core.validators import MinValueValidator
from django.db import models

from realdesk.accounts.choices import Role


class GoodwillLimit(models.Model):
    """How much a role may grant on its own (credit, refund), so nobody waits for approval."""

    role = models.CharField(max_length=16, choices=Role.choices)
    currency = models.CharField(max_length=3, help_text="ISO code, e.g. EUR.")
    max_amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["role", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["role", "currency"], name="goodwill_one_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: up to {self.max_amount} {self.currency}"
