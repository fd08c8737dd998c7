from django.db import models


class SignInToken(models.Model):
    """One emailed sign-in link: used once, within minutes. The link carries this row's id
    signed with the secret key, so the database never holds anything a reader could use."""

    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="sign_in_tokens"
    )
    email = models.EmailField()
    next_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"sign-in for {self.email} at {self.created_at:%Y-%m-%d %H:%M}"


class OrganizationAccess(models.Model):
    """Whether the people of an organisation see each other's requests (off unless set)."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="portal_access"
    )
    members_see_all_tickets = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "organisation access"

    def __str__(self) -> str:
        return str(self.organization)
