from django.db import models


class LoginUnlock(models.Model):
    """One emailed link that lifts the account-wide sign-in lock for its agent: used once,
    within minutes. The link carries this row's id signed with the secret key, so the
    database never holds anything a reader could use."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="login_unlocks"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"unlock for {self.user.email} at {self.created_at:%Y-%m-%d %H:%M}"
