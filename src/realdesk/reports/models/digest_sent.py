from django.conf import settings
from django.db import models


class DigestSent(models.Model):
    """The weekly digest of one week went to one lead: the unique row is what keeps a
    periodic task that runs every hour, on several workers, from mailing it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    #: The Monday the reported week started on (local time).
    week = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"
