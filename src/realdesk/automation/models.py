from django.conf import settings
from django.db import models


class Macro(models.Model):
    """A canned reply with placeholders; inserting it gives a draft, it never sends itself.

    Without an owner it is shared with every agent; with one it is that agent's own.
    """

    title = models.CharField(max_length=120)
    body = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        help_text="Empty for a macro shared with the whole team.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
