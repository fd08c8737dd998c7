from django.conf import settings
from django.db import models
from django.db.models import Q

from realdesk.tickets.choices import Channel, Direction


class Message(models.Model):
    """One entry of the conversation: from the customer, to the customer, or an internal note.

    A message with no author is from RealDesk itself (an acknowledgement, say).
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    author_customer = models.ForeignKey(
        "accounts.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="Sanitized before it is stored.")
    raw = models.ForeignKey(
        "core.RawMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    external_id = models.CharField(
        max_length=998, blank=True, db_index=True, help_text="Message-ID or the channel's own id."
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author_customer__isnull=True) | Q(author_agent__isnull=True),
                name="message_single_author",
            ),
            models.CheckConstraint(
                condition=~Q(direction=Direction.INBOUND) | Q(author_agent__isnull=True),
                name="message_inbound_not_by_agent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on #{self.ticket.number}"


class Attachment(models.Model):
    """A file on a message; always served as a download, never rendered inline."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255, help_text="Sniffed from the bytes.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.filename
