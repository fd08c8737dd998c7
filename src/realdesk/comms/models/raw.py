"""The raw record of what came in, kept before any parsing (every channel)."""

from django.db import models

from realdesk.tickets.choices import Channel


class RawMessage(models.Model):
    """The exact bytes a channel received, content-addressed, stored before parsing.

    Keeping the original first means a parser bug loses nothing: the message can be
    looked at, and processed again after a fix.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    storage_name = models.CharField(max_length=255, help_text="Path in the default storage.")
    size = models.PositiveBigIntegerField()
    received_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.channel} {self.sha256[:12]} ({self.size} bytes)"
