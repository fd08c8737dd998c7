"""/incidents: open, read and update incidents; link and unlink tickets.

Leads and admins open and update incidents (incidents/permissions.py); anyone who may
change a ticket may link it. Every write is one of the incident actions.
"""

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Status

from realdesk.api.v1.errors import FieldError, with_errors
from realdesk.api.v1.pagination import Page, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.incidents import (
    IncidentCreate,
    IncidentFilters,
    IncidentOut,
    LinkedTicketOut,
    LinkIn,
    UpdateIn,
    UpdateOut,
)
from realdesk.incidents import actions, selectors
from realdesk.incidents.choices import OPEN_STATUSES, IncidentStatus
from realdesk.incidents.models import Component, Incident
from realdesk.tickets.models import Ticket
from realdesk.tickets.selectors import ticket_get

router = Router(tags=["incidents"])


def _incident(request: HttpRequest, incident_id: int) -> Incident:
    return selectors.incident_get(actor=request.auth, pk=incident_id)


@router.get("/incidents", response=with_errors({200: Page[IncidentOut]}))
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]):
    """Every incident, newest first, with its updates."""
    incidents = selectors.incidents_for(actor=request.auth).prefetch_related("updates")
    if filters.state == "open":
        incidents = incidents.filter(status__in=OPEN_STATUSES)
    elif filters.state == "resolved":
        incidents = incidents.exclude(status__in=OPEN_STATUSES)
    return keyset_page(incidents, params=filters, descending=True)


@router.get("/incidents/{incident_id}", response=with_errors({200: IncidentOut}))
def get_incident(request: HttpRequest, incident_id: Id):
    return _incident(request, incident_id)


@router.post("/incidents", response=with_errors({201: IncidentOut}))
def create_incident(request: HttpRequest, payload: IncidentCreate):
    """Open an incident with its first update (customers and subscribers read it)."""
    components = list(Component.objects.filter(pk__in=payload.component_ids))
    if len(components) != len(set(payload.component_ids)):
        raise FieldError("component_ids", gettext("One of these components does not exist."))
    incident = actions.incident_open(
        actor=request.auth, components=components, **payload.dict(exclude={"component_ids"})
    )
    return Status(201, _incident(request, incident.pk))


@router.post("/incidents/{incident_id}/updates", response=with_errors({201: UpdateOut}))
def post_update(request: HttpRequest, incident_id: Id, payload: UpdateIn):
    """Post what is known now; it reaches every linked customer once, and subscribers."""
    incident = _incident(request, incident_id)
    fields = payload.dict(exclude={"solve_message", "notify_customers"})
    if payload.solve_message.strip():
        if payload.status != IncidentStatus.RESOLVED:
            raise FieldError(
                "solve_message", gettext("Only a resolving update can solve the tickets.")
            )
        fields.pop("status")
        fields.pop("impact")
        update = actions.incident_resolve(
            actor=request.auth, incident=incident, solve_message=payload.solve_message, **fields
        )
    else:
        update = actions.incident_update_post(
            actor=request.auth,
            incident=incident,
            notify_customers=payload.notify_customers,
            **fields,
        )
    return Status(201, update)


@router.get("/incidents/{incident_id}/tickets", response=with_errors({200: list[LinkedTicketOut]}))
def list_linked_tickets(request: HttpRequest, incident_id: Id):
    """The linked tickets the caller may see."""
    return selectors.incident_tickets(actor=request.auth, incident=_incident(request, incident_id))


def _tickets(request: HttpRequest, numbers: list[int]) -> list[Ticket]:
    try:
        return [ticket_get(actor=request.auth, number=number) for number in dict.fromkeys(numbers)]
    except Ticket.DoesNotExist:
        raise FieldError(
            "ticket_numbers", gettext("One of these tickets does not exist.")
        ) from None


@router.post("/incidents/{incident_id}/tickets", response=with_errors({200: list[LinkedTicketOut]}))
def link_tickets(request: HttpRequest, incident_id: Id, payload: LinkIn):
    """Link tickets (those already linked stay); answers with every linked ticket."""
    incident = _incident(request, incident_id)
    tickets = _tickets(request, payload.ticket_numbers)
    actions.incident_tickets_link(actor=request.auth, incident=incident, tickets=tickets)
    return selectors.incident_tickets(actor=request.auth, incident=incident)


@router.delete("/incidents/{incident_id}/tickets/{number}", response=with_errors({204: None}))
def unlink_ticket(request: HttpRequest, incident_id: Id, number: Id):
    incident = _incident(request, incident_id)
    ticket = ticket_get(actor=request.auth, number=number)
    actions.incident_ticket_unlink(actor=request.auth, incident=incident, ticket=ticket)
    return Status(204, None)
