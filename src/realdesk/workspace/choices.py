from django.db import models


class PresenceState(models.TextChoices):
    VIEWING = "viewing", "viewing"
    TYPING = "typing", "typing a reply"
