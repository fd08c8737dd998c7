from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    MAINTENANCE = "maintenance", _("Scheduled maintenance")


class IncidentStatus(models.TextChoices):
    """The life cycle of an incident; maintenance starts as `scheduled`. Any open status may
    follow any other (a fix that did not hold goes back to investigating); resolved is the end."""

    SCHEDULED = "scheduled", _("Scheduled")
    INVESTIGATING = "investigating", _("Investigating")
    IDENTIFIED = "identified", _("Identified")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")


OPEN_STATUSES = (
    IncidentStatus.SCHEDULED,
    IncidentStatus.INVESTIGATING,
    IncidentStatus.IDENTIFIED,
    IncidentStatus.MONITORING,
)


class Impact(models.TextChoices):
    """How badly the affected components work; ordered, so the worst open incident decides
    what the status page says of a component."""

    NONE = "none", _("No impact")
    MINOR = "minor", _("Degraded performance")
    MAJOR = "major", _("Partial outage")
    CRITICAL = "critical", _("Major outage")


IMPACT_ORDER = list(Impact.values)


class SuggestionState(models.TextChoices):
    PENDING = "pending", _("Waiting for a lead")
    OPENED = "opened", _("Made into an incident")
    DISMISSED = "dismissed", _("Dismissed")
