"""The provider-neutral call model: a Call has legs, at most one queue entry and its
recordings; a Callback is a promise to call someone back within a window.

Nothing here knows TwiML: the Twilio adapter (`twilio_adapter.py`) maps the provider's
identifiers onto `provider` + `provider_id`, so another provider is another adapter.
"""

from django.conf import settings
from django.db import models

from realdesk.voice.choices import (
    CallbackOutcome,
    CallbackSource,
    CallbackStatus,
    CallStatus,
    LegDirection,
)


class Call(models.Model):
    """One phone conversation as the customer lived it, from ringing to hang-up."""

    provider = models.CharField(max_length=32)
    provider_id = models.CharField(max_length=64)
    from_number = models.CharField(
        max_length=32, help_text="E.164; the caller ID as given when it is none (withheld)"
    )
    callback_number = models.CharField(
        max_length=32,
        blank=True,
        help_text="E.164: the caller ID, else the number the caller typed; empty: none known",
    )
    customer = models.ForeignKey(
        "accounts.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The call's record in the thread; completed with the length when it ends.",
    )
    language = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=CallStatus.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(default=0, help_text="As the provider said.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_id"], name="call_unique")
        ]

    def __str__(self) -> str:
        return f"{self.from_number} ({self.status})"


class CallLeg(models.Model):
    """One connection of the call: the caller's inbound leg, the agent's, a callback's."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="legs")
    direction = models.CharField(max_length=16, choices=LegDirection.choices)
    number = models.CharField(max_length=32, blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.direction} {self.number}"


class QueueEntry(models.Model):
    """The caller's time in the queue: the wait is measured, not guessed afterwards."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="queue_entry")
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(default=0)
    result = models.CharField(max_length=32, blank=True, help_text="As the provider said it.")

    def __str__(self) -> str:
        return f"{self.call} waited {self.wait_seconds} s"


class Recording(models.Model):
    """A link to a recording the provider keeps; we store the link, never the audio."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="recordings")
    url = models.URLField(max_length=500)
    duration_seconds = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.url


class Callback(models.Model):
    """A promise to call a customer back: as soon as possible, or within a window.

    Kept like an SLA promise: ordered by window in the console, retried per policy, and a
    window that passes unkept is an escalation with an honest notice to the customer."""

    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="callbacks"
    )
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="callbacks")
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL)
    phone = models.CharField(max_length=32, help_text="E.164")
    source = models.CharField(max_length=16, choices=CallbackSource.choices)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    asap = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=CallbackStatus.choices, default=CallbackStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the window passed unkept (escalated once)."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["window_start", "pk"]
        indexes = [models.Index(fields=["status", "window_start"], name="callback_status_window")]

    def __str__(self) -> str:
        return f"Callback {self.phone} ({self.status})"


class CallbackAttempt(models.Model):
    """One try to keep a callback and how it went."""

    callback = models.ForeignKey(Callback, on_delete=models.CASCADE, related_name="tries")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    outcome = models.CharField(max_length=16, choices=CallbackOutcome.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.callback}: {self.outcome}"


__all__ = [
    "Call",
    "CallLeg",
    "Callback",
    "CallbackAttempt",
    "QueueEntry",
    "Recording",
]
