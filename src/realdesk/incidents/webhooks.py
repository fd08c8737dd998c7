"""incident.* webhook events: what a subscriber receives (documented in docs/webhooks.md).

Like the ticket events, small on purpose: the incident as the status page shows it, and
the ticket's number for link changes; the rest is fetched through the API.
"""

import json

from django.utils import timezone

from realdesk.incidents.models import Incident, IncidentUpdate
from realdesk.tickets.models import Ticket
from realdesk.webhooks.outbox import deliveries_queue_body
from realdesk.webhooks.selectors import subscriptions_listening


def _stamp(at) -> str:
    return at.isoformat().replace("+00:00", "Z")


def incident_publish(
    *,
    event_type: str,
    incident: Incident,
    update: IncidentUpdate | None = None,
    ticket: Ticket | None = None,
) -> None:
    """Queue the deliveries of one incident event; call inside the change's transaction."""
    if not subscriptions_listening(event_type=event_type):
        return
    now = timezone.now()
    data = {
        "occurred_at": _stamp(now),
        "incident": {
            "id": incident.pk,
            "kind": incident.kind,
            "title": incident.title,
            "impact": incident.impact,
            "status": incident.status,
            "components": sorted(c.name for c in incident.components.all()),
            "started_at": _stamp(incident.started_at),
            "resolved_at": _stamp(incident.resolved_at) if incident.resolved_at else None,
        },
    }
    if update is not None:
        data["update"] = {"id": update.pk, "status": update.status, "body": update.body}
    if ticket is not None:
        data["ticket"] = {"number": ticket.number, "customer_id": ticket.customer_id}
    body = json.dumps(
        {"type": event_type, "timestamp": _stamp(now), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    deliveries_queue_body(event_type=event_type, body=body)
