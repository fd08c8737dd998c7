"""Opening an incident, posting its updates, resolving it (and the tickets it caused)."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.incidents.actions.common import lock_open
from realdesk.incidents.actions.notices import customers_notify, subscribers_notify_later
from realdesk.incidents.choices import Impact, IncidentKind, IncidentStatus
from realdesk.incidents.models import Component, Incident, IncidentUpdate
from realdesk.incidents.permissions import check_can_manage_incidents
from realdesk.incidents.webhooks import incident_publish
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import OPEN_STATUSES as OPEN_TICKET_STATUSES
from realdesk.tickets.choices import Status
from realdesk.tickets.permissions import check_can_work_on
from realdesk.webhooks.choices import WebhookEvent


def _check_text(value: str, *, refusal: str, code: str) -> str:
    """`refusal` is a whole translated sentence: "Write the title" and "Write the update"
    take different articles and cases in German, French and Spanish."""
    if not value.strip():
        raise ApplicationError(refusal, code=code)
    return value.strip()


def _check_choice(value: str, choices: Sequence[str], *, what: str) -> str:
    if value not in choices:
        raise ApplicationError(
            gettext("Unknown value %(value)r: choose one of %(choices)s.")
            % {"value": value, "choices": ", ".join(choices)},
            code=f"invalid_{what}",
        )
    return value


def _translations(texts: dict[str, str] | None) -> dict[str, str]:
    return {code.lower(): text.strip() for code, text in (texts or {}).items() if text.strip()}


def incident_open(
    *,
    actor: User,
    title: str,
    body: str,
    impact: str = Impact.MINOR,
    kind: str = IncidentKind.INCIDENT,
    components: Sequence[Component] = (),
    keywords: str = "",
    title_translations: dict[str, str] | None = None,
    body_translations: dict[str, str] | None = None,
    scheduled_for: datetime | None = None,
    scheduled_until: datetime | None = None,
) -> Incident:
    """A new incident with its first update. Maintenance needs its window and starts as
    scheduled; an incident starts as investigating."""
    check_can_manage_incidents(actor)
    title = _check_text(
        title, refusal=gettext("Write the title: customers read it."), code="title_required"
    )
    body = _check_text(
        body, refusal=gettext("Write the first update: customers read it."), code="body_required"
    )
    _check_choice(impact, Impact.values, what="impact")
    _check_choice(kind, IncidentKind.values, what="kind")
    maintenance = kind == IncidentKind.MAINTENANCE
    if maintenance and not (scheduled_for and scheduled_until):
        raise ApplicationError(
            gettext("Give the maintenance window (start and end)."), code="window_required"
        )
    if scheduled_for and scheduled_until and scheduled_until <= scheduled_for:
        raise ApplicationError(
            gettext("The window must end after it starts."), code="invalid_window"
        )
    now = timezone.now()
    with transaction.atomic():
        incident = Incident.objects.create(
            kind=kind,
            title=title[:200],
            title_translations=_translations(title_translations),
            impact=impact,
            status=IncidentStatus.SCHEDULED if maintenance else IncidentStatus.INVESTIGATING,
            keywords=keywords.strip(),
            scheduled_for=scheduled_for,
            scheduled_until=scheduled_until,
            started_at=scheduled_for if maintenance else now,
            created_by=actor,
            updated_at=now,
        )
        incident.components.set(components)
        update = IncidentUpdate.objects.create(
            incident=incident,
            status=incident.status,
            body=body,
            body_translations=_translations(body_translations),
            author=actor,
            created_at=now,
        )
        incident_publish(event_type=WebhookEvent.INCIDENT_CREATED, incident=incident, update=update)
        subscribers_notify_later(update)
    return incident


def incident_update_post(
    *,
    actor: User,
    incident: Incident,
    status: str,
    body: str,
    body_translations: dict[str, str] | None = None,
    impact: str | None = None,
    notify_customers: bool = True,
    spare_customer_ids: Sequence[int] = (),
) -> IncidentUpdate:
    """What we know now, and the status it moves the incident to. Every linked customer
    hears it once (one mail per customer, however many tickets they have linked) unless
    `notify_customers` is off; `spare_customer_ids` are told another way (see
    `incident_resolve`). A resolved incident takes no more updates: open a new one."""
    check_can_manage_incidents(actor)
    _check_choice(status, IncidentStatus.values, what="status")
    body = _check_text(
        body, refusal=gettext("Write the update: customers read it."), code="body_required"
    )
    if impact is not None:
        _check_choice(impact, Impact.values, what="impact")
    now = timezone.now()
    with transaction.atomic():
        incident = lock_open(
            incident,
            refusal=gettext("This incident is resolved; open a new one if the problem is back."),
        )
        incident.status = status
        incident.impact = impact or incident.impact
        incident.updated_at = now
        if status == IncidentStatus.RESOLVED:
            incident.resolved_at = now
        incident.save()
        update = IncidentUpdate.objects.create(
            incident=incident,
            status=status,
            body=body,
            body_translations=_translations(body_translations),
            author=actor,
            created_at=now,
        )
        if notify_customers:
            update.customers_notified = customers_notify(update=update, spare=spare_customer_ids)
            update.save(update_fields=["customers_notified"])
        resolved = status == IncidentStatus.RESOLVED
        event_type = WebhookEvent.INCIDENT_RESOLVED if resolved else WebhookEvent.INCIDENT_UPDATED
        incident_publish(event_type=event_type, incident=incident, update=update)
        subscribers_notify_later(update)
    return update


def incident_resolve(
    *,
    actor: User,
    incident: Incident,
    body: str,
    solve_message: str = "",
    body_translations: dict[str, str] | None = None,
) -> IncidentUpdate:
    """Resolve the incident; with `solve_message`, also answer and solve every open linked
    ticket with it, all in one go. A customer whose ticket is solved reads the message as
    the reply on their ticket instead of a second mail with the update."""
    solving = _open_linked_tickets(incident) if solve_message.strip() else []
    with transaction.atomic():
        for ticket in solving:
            check_can_work_on(actor, ticket)
        update = incident_update_post(
            actor=actor,
            incident=incident,
            status=IncidentStatus.RESOLVED,
            body=body,
            body_translations=body_translations,
            spare_customer_ids=[ticket.customer_id for ticket in solving],
        )
        for ticket in solving:
            message_send(
                ticket=ticket, agent=actor, body_text=solve_message, status_after=Status.SOLVED
            )
    return update


def _open_linked_tickets(incident: Incident) -> list:
    return [
        link.ticket
        for link in incident.ticket_links.select_related("ticket").filter(
            ticket__status__in=OPEN_TICKET_STATUSES
        )
    ]
