"""Reads of the incidents app. The status page's reads are public (no actor: everything
on it is written for customers); the console's take the actor and see tickets as they may."""

from django.db.models import Count, Prefetch, QuerySet

from realdesk.accounts.models import User
from realdesk.core.config_cache import remembered_in_process
from realdesk.incidents.choices import IMPACT_ORDER, OPEN_STATUSES, Impact, SuggestionState
from realdesk.incidents.models import Component, Incident, IncidentSuggestion, IncidentUpdate
from realdesk.incidents.permissions import can_manage_incidents
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import visible_tickets_q

PAST_ON_STATUS_PAGE = 20


def _with_updates(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.prefetch_related(
        "components",
        Prefetch("updates", queryset=IncidentUpdate.objects.order_by("-created_at", "-pk")),
    )


def incidents_open() -> QuerySet[Incident]:
    return _with_updates(Incident.objects.filter(status__in=OPEN_STATUSES))


@remembered_in_process(Incident)
def incidents_matching_open() -> bool:
    """Whether an open incident has keywords a new ticket could match. Asked on every
    ticket opened, and true only during an incident: remembered per process."""
    return Incident.objects.filter(status__in=OPEN_STATUSES).exclude(keywords="").exists()


def incidents_past(*, limit: int = PAST_ON_STATUS_PAGE) -> QuerySet[Incident]:
    return _with_updates(Incident.objects.exclude(status__in=OPEN_STATUSES))[:limit]


def incident_public_get(*, pk: int) -> Incident:
    return _with_updates(Incident.objects.all()).get(pk=pk)


def components_with_impact(open_incidents: list[Incident]) -> list[tuple[Component, str]]:
    """Each component with the worst impact of the open incidents on it (maintenance not
    yet started counts as none)."""
    worst: dict[int, str] = {}
    for incident in open_incidents:
        if incident.status == "scheduled":
            continue
        for component in incident.components.all():
            current = worst.get(component.pk, Impact.NONE)
            worst[component.pk] = max(current, incident.impact, key=IMPACT_ORDER.index)
    return [(c, worst.get(c.pk, Impact.NONE)) for c in Component.objects.all()]


def updates_recent(*, limit: int = 50) -> QuerySet[IncidentUpdate]:
    return IncidentUpdate.objects.select_related("incident").order_by("-created_at", "-pk")[:limit]


def incidents_for(*, actor: User) -> QuerySet[Incident]:
    """Every incident, newest first, with how many tickets are linked (all agents see
    incidents: they are public anyway)."""
    return Incident.objects.annotate(ticket_count=Count("ticket_links")).prefetch_related(
        "components"
    )


def incident_get(*, actor: User, pk: int) -> Incident:
    return _with_updates(incidents_for(actor=actor)).get(pk=pk)


def incident_tickets(*, actor: User, incident: Incident) -> QuerySet[Ticket]:
    """The linked tickets the actor may see."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor), incident_links__incident=incident)
        .select_related("customer", "owner")
        .order_by("-created_at")
    )


def ticket_incidents(*, ticket: Ticket) -> QuerySet[Incident]:
    return Incident.objects.filter(ticket_links__ticket=ticket)


def suggestions_pending(*, actor: User) -> QuerySet[IncidentSuggestion]:
    """What the spike check suggests; only leads and admins are asked."""
    if not can_manage_incidents(actor):
        return IncidentSuggestion.objects.none()
    return IncidentSuggestion.objects.filter(state=SuggestionState.PENDING)
