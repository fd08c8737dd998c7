from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending customer")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


class SystemCloseReason(models.TextChoices):
    """Reasons the system itself writes into `Ticket.close_reason`: stored in English (the
    API returns them as they are), shown in the reader's language."""

    SOLVED_BY_CUSTOMER = "solved by the customer", _("solved by the customer")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web")
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Social")
    API = "api", _("API")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    NOTE = "note", _("Internal note")


class EventKind(models.TextChoices):
    CREATED = "created", _("Ticket created")
    MESSAGE_RECEIVED = "message_received", _("Customer wrote")
    REPLY_SENT = "reply_sent", _("Agent replied")
    NOTE_ADDED = "note_added", _("Internal note")
    STATUS_CHANGED = "status_changed", _("Status changed")
    OWNER_CHANGED = "owner_changed", _("Owner changed")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    TEAM_CHANGED = "team_changed", _("Team changed")
    TAGS_CHANGED = "tags_changed", _("Tags changed")
    SLA_CHANGED = "sla_changed", _("SLA changed")
    MERGED = "merged", _("Merged")
    DELIVERY_FAILED = "delivery_failed", _("Not delivered to the customer")
    ESCALATED = "escalated", _("Escalated")
    GOODWILL_GRANTED = "goodwill_granted", _("Goodwill granted")
    PROMISE_CHANGED = "promise_changed", _("Follow-up promise")
    WORKAROUND_GIVEN = "workaround_given", _("Workaround given")
    RATED = "rated", _("Customer rated")
    CC_ADDED = "cc_added", _("Copied in")
    INCIDENT_LINKED = "incident_linked", _("Incident link")


class OpenPromises(models.TextChoices):
    """What solving does with the promises still open on the ticket. The tickets app only
    carries the decision on the solve's Event; the SLA app, which owns promises, acts on it
    and refuses a solve that leaves open promises without one (see sla/reactions.py)."""

    KEEP = "keep", _("Keep them open (still tracked)")
    RELEASE = "release", _("Release them (the customer is told why)")


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
