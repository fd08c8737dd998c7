from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"  # in the queue, no agent yet
    ACTIVE = "active", "Active"  # an agent accepted it
    CLOSED = "closed", "Closed"  # ended: answers go by email from now on


LIVE_STATUSES = (SessionStatus.WAITING, SessionStatus.ACTIVE)


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")
