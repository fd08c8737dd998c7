from django.db import models


class SessionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"  # in the queue, no agent yet
    ACTIVE = "active", "Active"  # an agent accepted it
    CLOSED = "closed", "Closed"  # ended: answers go by email from now on


LIVE_STATUSES = (SessionStatus.WAITING, SessionStatus.ACTIVE)


class Availability(models.TextChoices):
    AVAILABLE = "available", "Available"
    AWAY = "away", "Away"
    OFFLINE = "offline", "Offline"
