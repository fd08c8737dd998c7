from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    LEAD = "lead", "Lead"
    AGENT = "agent", "Agent"
    READ_ONLY = "read_only", "Read-only"


class IdentityKind(models.TextChoices):
    EMAIL = "email", "Email address"
    PHONE = "phone", "Phone number"
    SOCIAL = "social", "Social handle"
    # The host site's own user id, vouched for by its signature (chat identity signing). Not
    # a social handle: nothing is ever sent to it, and a site's "42" is nobody's handle.
    EXTERNAL = "external", "Account on our website"


class CustomerTier(models.TextChoices):
    STANDARD = "standard", "Standard"
    PRIORITY = "priority", "Priority"
    VIP = "vip", "VIP"
