from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    """What a subscriber can ask for; the value is the `type` of the payload."""

    TICKET_CREATED = "ticket.created", _("Ticket created")
    MESSAGE_RECEIVED = "ticket.message_received", _("Customer wrote")
    STATUS_CHANGED = "ticket.status_changed", _("Status changed")
    SLA_AT_RISK = "ticket.sla_at_risk", _("SLA target at risk")
    SLA_BREACHED = "ticket.sla_breached", _("SLA target breached")
    RATING_RECEIVED = "ticket.rating_received", _("Rating received")
    INCIDENT_CREATED = "incident.created", _("Incident opened")
    INCIDENT_UPDATED = "incident.updated", _("Incident update posted")
    INCIDENT_RESOLVED = "incident.resolved", _("Incident resolved")
    INCIDENT_TICKET_LINKED = "incident.ticket_linked", _("Ticket linked to an incident")
    INCIDENT_TICKET_UNLINKED = "incident.ticket_unlinked", _("Ticket unlinked from an incident")
    CHAT_STARTED = "chat.started", _("Chat started")
    CHAT_ACCEPTED = "chat.accepted", _("Chat accepted by an agent")
    CHAT_CLOSED = "chat.closed", _("Chat closed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed for good")
