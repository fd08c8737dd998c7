from django.db import models


class WebhookEvent(models.TextChoices):
    """What a subscriber can ask for; the value is the `type` of the payload."""

    TICKET_CREATED = "ticket.created", "Ticket created"
    MESSAGE_RECEIVED = "ticket.message_received", "Customer wrote"
    STATUS_CHANGED = "ticket.status_changed", "Status changed"
    SLA_AT_RISK = "ticket.sla_at_risk", "SLA target at risk"
    SLA_BREACHED = "ticket.sla_breached", "SLA target breached"
    RATING_RECEIVED = "ticket.rating_received", "Rating received"
    INCIDENT_CREATED = "incident.created", "Incident opened"
    INCIDENT_UPDATED = "incident.updated", "Incident update posted"
    INCIDENT_RESOLVED = "incident.resolved", "Incident resolved"
    INCIDENT_TICKET_LINKED = "incident.ticket_linked", "Ticket linked to an incident"
    INCIDENT_TICKET_UNLINKED = "incident.ticket_unlinked", "Ticket unlinked from an incident"
    CHAT_STARTED = "chat.started", "Chat started"
    CHAT_ACCEPTED = "chat.accepted", "Chat accepted by an agent"
    CHAT_CLOSED = "chat.closed", "Chat closed"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed for good"
