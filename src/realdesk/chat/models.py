"""A chat session is a live window onto one ticket on the chat channel: its messages are
the ticket's Messages, so the chat is in the customer's thread and history like any email.
"""

from django.conf import settings
from django.db import models

from realdesk.chat.choices import Availability, SessionStatus


class ChatSession(models.Model):
    """One conversation in the widget, from the customer's question to its close.

    Only the token's hash is kept: the token is the customer's key to this chat and is
    shown once, like a password."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="chats")
    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="chats"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.WAITING
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(max_length=255, blank=True, help_text="The embedding site.")
    started_at = models.DateTimeField(db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the team was told it waits unanswered (once)."
    )
    customer_typed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The customer's last keystroke, as their socket reports it (throttled): "
        "the console polls, so the agent's view reads it here, in any process.",
    )
    agent_typed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The agent's last keystroke (throttled): pushed to the customer's socket, "
        "and kept here for the long poll, which has no socket to hear it on.",
    )
    customer_read_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The customer has read our messages up to this one."
    )
    agent_read_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The agent has read the customer's messages up to this one.",
    )

    class Meta:
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"Chat {self.pk} ({self.status})"


class AgentAvailability(models.Model):
    """Whether an agent takes chats now. `seen_at` is their last sign of life: past the
    auto-away delay an "available" agent counts as away, so nobody is promised a person
    who left their desk."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_availability"
    )
    state = models.CharField(
        max_length=16, choices=Availability.choices, default=Availability.OFFLINE
    )
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.agent} {self.state}"
