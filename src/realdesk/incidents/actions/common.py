"""What the incident actions share."""

from realdesk.core.errors import ApplicationError
from realdesk.incidents.choices import OPEN_STATUSES
from realdesk.incidents.models import Incident


def lock_open(incident: Incident, *, refusal: str) -> Incident:
    """The incident's row, locked for this transaction; a resolved one is final, so the
    change is refused with `refusal`."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status not in OPEN_STATUSES:
        raise ApplicationError(refusal, code="incident_resolved")
    return incident
