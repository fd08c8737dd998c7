from django.db import models

from realdesk.comms.choices import InboundOutcome, OutboundKind, OutboundStatus


class InboundEmail(models.Model):
    """What became of one received email: every input ends with exactly one outcome.

    Created (with outcome `pending`) in the same transaction as its RawMessage, before
    parsing; processing sets the outcome and its reason, so nothing is silently dropped.
    """

    raw = models.OneToOneField("core.RawMessage", on_delete=models.PROTECT, related_name="inbound")
    source = models.CharField(max_length=64, help_text="imap:<mailbox>, lmtp, file:<name>")
    rfc_message_id = models.CharField(max_length=998, blank=True, db_index=True)
    from_address = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(
        max_length=32, choices=InboundOutcome.choices, default=InboundOutcome.PENDING
    )
    reason = models.CharField(max_length=255, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        "tickets.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["outcome", "received_at"], name="inbound_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.source}: {self.subject or '(no subject)'} [{self.outcome}]"


class OutboundEmail(models.Model):
    """One email to send: written in the same transaction as the change that causes it.

    The worker marks it `sending` before talking to the relay and `sent` after; while it is
    `sending`, `next_attempt_at` is when the worker's lease runs out, after which a crashed
    send is tried again (comms/email/outbound/outbox.py).
    """

    kind = models.CharField(max_length=16, choices=OutboundKind.choices)
    # Empty for mail about no ticket: sign-in and unlock links, address confirmations,
    # notifications to agents (comms/outbound.py).
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbound_emails",
    )
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbound_emails",
    )
    to_address = models.CharField(max_length=320)
    cc_addresses = models.TextField(
        blank=True, help_text="Copied addresses (Cc), space-separated; replies only."
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    rfc_message_id = models.CharField(max_length=255, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            # The acknowledgement caps count an address's recent mail: never a table scan.
            models.Index(fields=["to_address", "created_at"], name="outbox_recent_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_address} [{self.status}]"


class AddressFlag(models.Model):
    """An address we must not mail: it bounced permanently (5.x.x)."""

    address = models.CharField(max_length=320, unique=True)
    reason = models.CharField(max_length=255)
    status_code = models.CharField(max_length=16, blank=True)
    flagged_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.address}: {self.reason}"
