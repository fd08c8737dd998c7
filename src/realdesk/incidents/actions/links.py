"""Tickets about an incident: linked by an agent, or recognised when they arrive."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.incidents.actions.common import lock_open
from realdesk.incidents.actions.notices import incident_acknowledge
from realdesk.incidents.choices import OPEN_STATUSES
from realdesk.incidents.models import Incident, IncidentTicket
from realdesk.incidents.text import keywords_match
from realdesk.incidents.webhooks import incident_publish
from realdesk.tickets.choices import Direction
from realdesk.tickets.events import IncidentLinked, incident_linked, record_events
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import check_can_work_on
from realdesk.webhooks.choices import WebhookEvent


def _incident_ref(incident: Incident) -> dict:
    return {"id": incident.pk, "title": incident.title}


def incident_tickets_link(
    *, actor: User | None, incident: Incident, tickets: Sequence[Ticket], automatic: bool = False
) -> list[IncidentTicket]:
    """Link tickets to an open incident (those already linked stay as they are); each gets
    an Event in its history. `actor` None is the automatic match, which any ticket may get.
    Returns the new links."""
    if actor is not None:
        for ticket in tickets:
            check_can_work_on(actor, ticket)
    now = timezone.now()
    with transaction.atomic():
        incident = lock_open(
            incident,
            refusal=gettext("This incident is resolved; tickets can no longer be linked to it."),
        )
        linked = set(
            incident.ticket_links.filter(ticket__in=tickets).values_list("ticket_id", flat=True)
        )
        links = []
        for ticket in tickets:
            if ticket.pk in linked:
                continue
            linked.add(ticket.pk)
            links.append(
                IncidentTicket.objects.create(
                    incident=incident,
                    ticket=ticket,
                    linked_by=actor,
                    automatic=automatic,
                    linked_at=now,
                )
            )
            event = incident_linked(
                ticket=ticket,
                actor=actor,
                after=_incident_ref(incident),
                payload=IncidentLinked(automatic=automatic),
                at=now,
            )
            record_events([event])
            incident_publish(
                event_type=WebhookEvent.INCIDENT_TICKET_LINKED, incident=incident, ticket=ticket
            )
    return links


def incident_ticket_unlink(*, actor: User, incident: Incident, ticket: Ticket) -> None:
    """The ticket was not about the incident after all: its customer hears no more of it."""
    check_can_work_on(actor, ticket)
    with transaction.atomic():
        deleted, _ = IncidentTicket.objects.filter(incident=incident, ticket=ticket).delete()
        if not deleted:
            raise ApplicationError(
                gettext("This ticket is not linked to the incident."), code="not_linked"
            )
        unlinked = incident_linked(
            ticket=ticket, actor=actor, before=_incident_ref(incident), payload=IncidentLinked()
        )
        record_events([unlinked])
        incident_publish(
            event_type=WebhookEvent.INCIDENT_TICKET_UNLINKED, incident=incident, ticket=ticket
        )


def _first_words(ticket: Ticket) -> str:
    first = ticket.messages.filter(direction=Direction.INBOUND).order_by("created_at", "pk").first()
    return f"{ticket.subject}\n{first.body_text if first else ''}"


def tickets_match_incidents(*, ticket_ids: Sequence[int]) -> list[IncidentTicket]:
    """Link each new ticket to the newest open incident whose keywords it contains, and
    acknowledge it naming the incident. Idempotent: a ticket linked before is left alone."""
    incidents = list(
        Incident.objects.filter(status__in=OPEN_STATUSES)
        .exclude(keywords="")
        .order_by("-started_at")
    )
    if not incidents:
        return []
    new_links = []
    tickets = Ticket.objects.filter(pk__in=ticket_ids, incident_links__isnull=True).select_related(
        "customer"
    )
    for ticket in tickets:
        text = _first_words(ticket)
        incident = next((i for i in incidents if keywords_match(i.keywords, text)), None)
        if incident is not None:
            with transaction.atomic():
                links = incident_tickets_link(
                    actor=None, incident=incident, tickets=[ticket], automatic=True
                )
                incident_acknowledge(links)
            new_links += links
    return new_links
