"""A lead's answer to a spike suggestion: open an incident for it, or dismiss it."""

from django.db import transaction
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.incidents.actions.incidents import incident_open
from realdesk.incidents.actions.links import incident_tickets_link
from realdesk.incidents.choices import SuggestionState
from realdesk.incidents.models import Incident, IncidentSuggestion
from realdesk.incidents.permissions import check_can_manage_incidents
from realdesk.tickets.models import Ticket


def _pending(suggestion: IncidentSuggestion) -> IncidentSuggestion:
    suggestion = IncidentSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != SuggestionState.PENDING:
        raise ApplicationError(
            gettext("This suggestion was already dealt with."), code="suggestion_done"
        )
    return suggestion


def suggestion_open(
    *, actor: User, suggestion: IncidentSuggestion, title: str, body: str, **incident
) -> Incident:
    """Open the incident the spike suggests, with the spike's tickets linked to it."""
    with transaction.atomic():
        suggestion = _pending(suggestion)
        opened = incident_open(actor=actor, title=title, body=body, **incident)
        tickets = list(Ticket.objects.filter(pk__in=suggestion.ticket_ids))
        incident_tickets_link(actor=actor, incident=opened, tickets=tickets)
        suggestion.state, suggestion.incident = SuggestionState.OPENED, opened
        suggestion.save(update_fields=["state", "incident"])
    return opened


def suggestion_dismiss(*, actor: User, suggestion: IncidentSuggestion) -> None:
    check_can_manage_incidents(actor)
    with transaction.atomic():
        suggestion = _pending(suggestion)
        suggestion.state = SuggestionState.DISMISSED
        suggestion.save(update_fields=["state"])
