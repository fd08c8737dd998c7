from django.db import models


class InboundOutcome(models.TextChoices):
    PENDING = "pending", "Not processed yet"
    TICKET_CREATED = "ticket_created", "New ticket"
    REPLY_THREADED = "reply_threaded", "Added to a ticket"
    DUPLICATE = "duplicate", "Duplicate"
    SUPPRESSED = "suppressed", "Automatic message, suppressed"
    QUARANTINED = "quarantined", "Quarantined"
    REJECTED = "rejected", "Rejected"


class OutboundKind(models.TextChoices):
    REPLY = "reply", "Agent reply"
    ACKNOWLEDGEMENT = "ack", "Acknowledgement"
    NOTIFICATION = "notice", "Notification"
    # Mail that belongs to no ticket (OutboundEmail.ticket is empty):
    SIGN_IN = "signin", "Sign-in link"
    UNLOCK = "unlock", "Unlock link"
    ADDRESS_CONFIRMATION = "confirm", "Address confirmation"
    AGENT_NOTICE = "agent", "Agent notification"


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SUPPRESSED = "suppressed", "Not sent (suppressed)"


class StrangerPolicy(models.TextChoices):
    """REALDESK_EMAIL_STRANGER_POLICY: who besides the customer may write into a ticket."""

    NEW_TICKET = "new_ticket", "Anyone else gets a ticket of their own"
    CC = "cc", "People the customer copied may reply into the ticket"
