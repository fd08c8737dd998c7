from django.db import models


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Pending customer"
    ON_HOLD = "on_hold", "On hold"
    SOLVED = "solved", "Solved"
    CLOSED = "closed", "Closed"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEB = "web", "Web"
    CHAT = "chat", "Chat"
    PHONE = "phone", "Phone"
    SOCIAL = "social", "Social"
    API = "api", "API"


class Direction(models.TextChoices):
    INBOUND = "inbound", "From the customer"
    OUTBOUND = "outbound", "To the customer"
    NOTE = "note", "Internal note"


class EventKind(models.TextChoices):
    CREATED = "created", "Ticket created"
    MESSAGE_RECEIVED = "message_received", "Customer wrote"
    REPLY_SENT = "reply_sent", "Agent replied"
    NOTE_ADDED = "note_added", "Internal note"
    STATUS_CHANGED = "status_changed", "Status changed"
    OWNER_CHANGED = "owner_changed", "Owner changed"
    PRIORITY_CHANGED = "priority_changed", "Priority changed"
    TEAM_CHANGED = "team_changed", "Team changed"
    TAGS_CHANGED = "tags_changed", "Tags changed"
    SLA_CHANGED = "sla_changed", "SLA changed"
    MERGED = "merged", "Merged"
    DELIVERY_FAILED = "delivery_failed", "Not delivered to the customer"
    ESCALATED = "escalated", "Escalated"
    GOODWILL_GRANTED = "goodwill_granted", "Goodwill granted"
    PROMISE_CHANGED = "promise_changed", "Follow-up promise"
    WORKAROUND_GIVEN = "workaround_given", "Workaround given"
    RATED = "rated", "Customer rated"
    CC_ADDED = "cc_added", "Copied in"
    INCIDENT_LINKED = "incident_linked", "Incident link"


class OpenPromises(models.TextChoices):
    """What solving does with the promises still open on the ticket. The tickets app only
    carries the decision on the solve's Event; the SLA app, which owns promises, acts on it
    and refuses a solve that leaves open promises without one (see sla/reactions.py)."""

    KEEP = "keep", "Keep them open (still tracked)"
    RELEASE = "release", "Release them (the customer is told why)"


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
