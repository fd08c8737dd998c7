from django.db import models


class ContactBlock(models.Model):
    """How to reach a person, shown on every support-center page: per brand and language,
    with an empty language as the fallback for languages without their own block.

    The hours are not typed here: they are the business calendar's, the one the SLA
    clocks count, so what the page says and what the clocks do cannot drift apart."""

    brand = models.CharField(max_length=64, default="default")
    language = models.CharField(max_length=16, blank=True, help_text="Empty: any language.")
    phone = models.CharField(max_length=40)
    calendar = models.ForeignKey(
        "sla.BusinessCalendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="When the phone and the chat are staffed: the team's business calendar.",
    )
    email = models.EmailField()
    chat_enabled = models.BooleanField(default=False)
    chat_url = models.URLField(blank=True)

    class Meta:
        ordering = ["brand", "language"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "language"], name="contact_brand_language")
        ]

    def __str__(self) -> str:
        return f"{self.brand} [{self.language or 'any'}]"
