"""API models: only the personal tokens integrators authenticate with."""

from django.conf import settings
from django.db import models

from realdesk.api.choices import TokenScope


class ApiToken(models.Model):
    """A personal API token of one agent; it acts with exactly that agent's permissions.

    Only a hash of the secret is kept, so a copy of the database does not let anyone call
    the API; the short prefix finds the row without scanning and names the token in lists.
    Revoking keeps the row, so the audit of who had which token survives.
    """

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.get_scope_display()}) of {self.agent}"
