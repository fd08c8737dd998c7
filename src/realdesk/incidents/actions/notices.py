"""What customers and subscribers receive about an incident.

Customers with linked tickets are mailed through the ticket outbox (comms/email/outbound/outbox.py),
in the transaction of the update, on their newest linked ticket, so it threads with their
conversation and a failure shows on that ticket. Subscribers of the status page have no
ticket: a task mails them after commit (see subscriptions.py).
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbound.outbox import outbound_new, outbox_queue_all
from realdesk.comms.models import OutboundEmail
from realdesk.comms.outbound import customer_email_address, hello
from realdesk.core.enqueue import task_enqueue
from realdesk.incidents.models import Incident, IncidentTicket, IncidentUpdate
from realdesk.incidents.text import localized
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Ticket

UPDATE_TASK = "realdesk.incidents.tasks.incident_update_mail_subscribers"


def status_page_url() -> str:
    return f"{settings.BASE_URL}{reverse('status:page')}"


def incident_title(incident: Incident, language: str) -> str:
    return localized(incident.title, incident.title_translations, language)


def update_text(update: IncidentUpdate, language: str) -> str:
    """The update as a paragraph for mail: status, the words, where to follow it."""
    incident = update.incident
    return _("%(title)s: %(status)s\n\n%(body)s\n\nFollow it here: %(url)s\n") % {
        "title": incident_title(incident, language),
        "status": update.get_status_display(),
        "body": localized(update.body, update.body_translations, language),
        "url": status_page_url(),
    }


def _newest_ticket_per_customer(links: Iterable[IncidentTicket]) -> list[Ticket]:
    newest: dict[int, Ticket] = {}
    for link in links:
        ticket = link.ticket
        if (
            ticket.customer_id not in newest
            or ticket.created_at > newest[ticket.customer_id].created_at
        ):
            newest[ticket.customer_id] = ticket
    return list(newest.values())


def _mail(ticket: Ticket, *, kind: str, subject: str, text: str) -> OutboundEmail | None:
    address = customer_email_address(ticket)
    if address is None:
        return None
    return outbound_new(
        kind=kind,
        ticket=ticket,
        to_address=address,
        subject=f"[#{ticket.number}] {subject}",
        body_text=hello(ticket.customer) + text,
    )


def customers_notify(*, update: IncidentUpdate, spare: Sequence[int] = ()) -> int:
    """One mail per linked customer (not those in `spare`), in their language; how many."""
    links = IncidentTicket.objects.filter(incident=update.incident).select_related(
        "ticket__customer"
    )
    emails = []
    for ticket in _newest_ticket_per_customer(links):
        if ticket.customer_id in spare:
            continue
        with translation.override(mail_language(ticket.customer, ticket=ticket)):
            language = translation.get_language()
            subject = _("Update: %(title)s") % {"title": incident_title(update.incident, language)}
            email = _mail(
                ticket,
                kind=OutboundKind.NOTIFICATION,
                subject=subject,
                text=update_text(update, language),
            )
        if email is not None:
            emails.append(email)
    return len(outbox_queue_all(emails))


def incident_acknowledge(links: Sequence[IncidentTicket]) -> list[OutboundEmail]:
    """A new ticket recognised as being about an incident: the customer learns at once that
    we know, and that updates will come without asking."""
    emails = []
    for link in links:
        ticket, incident = link.ticket, link.incident
        update = incident.updates.order_by("-created_at", "-pk").first()
        with translation.override(mail_language(ticket.customer, ticket=ticket)):
            language = translation.get_language()
            title = incident_title(incident, language)
            text = _(
                "we have received your request and it is ticket #%(number)s. It is about a "
                "problem we already know of and are working on:\n\n%(update)s\n"
                "We will write to you here when there is news; you need not do anything.\n"
            ) % {"number": ticket.number, "update": update_text(update, language)}
            email = _mail(
                ticket,
                kind=OutboundKind.ACKNOWLEDGEMENT,
                subject=_("Known problem: %(title)s") % {"title": title},
                text=text,
            )
        if email is not None:
            emails.append(email)
    return outbox_queue_all(emails)


def subscribers_notify_later(update: IncidentUpdate) -> None:
    """The status page's subscribers hear of the update once it is committed."""
    transaction.on_commit(lambda: task_enqueue(UPDATE_TASK, update_id=update.pk))
