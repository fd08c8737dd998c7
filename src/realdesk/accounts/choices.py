from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("role", "Admin")  # not the top bar's "Admin" link
    LEAD = "lead", _("Lead")
    AGENT = "agent", _("Agent")
    READ_ONLY = "read_only", _("Read-only")


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    SOCIAL = "social", _("Social handle")
    # The host site's own user id, vouched for by its signature (chat identity signing). Not
    # a social handle: nothing is ever sent to it, and a site's "42" is nobody's handle.
    EXTERNAL = "external", _("Account on our website")


class CustomerTier(models.TextChoices):
    STANDARD = "standard", _("Standard")
    PRIORITY = "priority", pgettext_lazy("customer tier", "Priority")
    VIP = "vip", _("VIP")
