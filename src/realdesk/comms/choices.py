from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundOutcome(models.TextChoices):
    PENDING = "pending", _("Not processed yet")
    TICKET_CREATED = "ticket_created", _("New ticket")
    REPLY_THREADED = "reply_threaded", _("Added to a ticket")
    DUPLICATE = "duplicate", _("Duplicate")
    SUPPRESSED = "suppressed", _("Automatic message, suppressed")
    QUARANTINED = "quarantined", _("Quarantined")
    REJECTED = "rejected", _("Rejected")


class OutboundKind(models.TextChoices):
    REPLY = "reply", _("Agent reply")
    ACKNOWLEDGEMENT = "ack", _("Acknowledgement")
    NOTIFICATION = "notice", _("Notification")
    # Mail that belongs to no ticket (OutboundEmail.ticket is empty):
    SIGN_IN = "signin", _("Sign-in link")
    UNLOCK = "unlock", _("Unlock link")
    ADDRESS_CONFIRMATION = "confirm", _("Address confirmation")
    AGENT_NOTICE = "agent", _("Agent notification")


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent (suppressed)")


class StrangerPolicy(models.TextChoices):
    """REALDESK_EMAIL_STRANGER_POLICY: who besides the customer may write into a ticket."""

    NEW_TICKET = "new_ticket", _("Anyone else gets a ticket of their own")
    CC = "cc", _("People the customer copied may reply into the ticket")
