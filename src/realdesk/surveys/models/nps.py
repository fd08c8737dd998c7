from django.core.validators import MaxValueValidator
from django.db import models


class NpsSurvey(models.Model):
    """One "how likely are you to recommend us?" question to a customer, and the answer."""

    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="nps_surveys"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="+", help_text="Mailed about."
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    comment = models.TextField(blank=True)
    asked_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)  # reports' period

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = "NPS survey"

    def __str__(self) -> str:
        return f"{self.customer}: {self.score if self.score is not None else 'no answer'}"
