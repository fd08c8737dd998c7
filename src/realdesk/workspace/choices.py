from django.db import models
from django.utils.translation import gettext_lazy as _


class PresenceState(models.TextChoices):
    VIEWING = "viewing", _("viewing")
    TYPING = "typing", _("typing a reply")
