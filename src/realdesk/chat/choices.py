from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")  # in the queue, no agent yet
    ACTIVE = "active", pgettext_lazy("chat session", "Active")  # an agent accepted it
    CLOSED = (
        "closed",
        pgettext_lazy("chat session", "Closed"),
    )  # ended: answers go by email from now on


LIVE_STATUSES = (SessionStatus.WAITING, SessionStatus.ACTIVE)


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")
