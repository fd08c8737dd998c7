"""Every write of the incidents app; each runs in one transaction and tells who must know
(linked customers, subscribers, webhooks) once it commits, through the outboxes."""

from realdesk.incidents.actions.incidents import (
    incident_open,
    incident_resolve,
    incident_update_post,
)
from realdesk.incidents.actions.links import (
    incident_ticket_unlink,
    incident_tickets_link,
    tickets_match_incidents,
)
from realdesk.incidents.actions.subscriptions import (
    status_subscribe,
    status_subscription_confirm,
    status_unsubscribe,
)
from realdesk.incidents.actions.suggestions import suggestion_dismiss, suggestion_open

__all__ = [
    "incident_open",
    "incident_resolve",
    "incident_ticket_unlink",
    "incident_tickets_link",
    "incident_update_post",
    "status_subscribe",
    "status_subscription_confirm",
    "status_unsubscribe",
    "suggestion_dismiss",
    "suggestion_open",
    "tickets_match_incidents",
]
