from django.db import models


class StatusSubscriber(models.Model):
    """Someone who asked for status-page updates by email. Nothing is sent until they
    confirm through the mailed link (double opt-in); unsubscribing deletes the row."""

    email = models.EmailField(max_length=320, unique=True)
    language = models.CharField(max_length=16, default="en")
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.email
