"""Reads for the support center, always scoped by the signed-in customer.

A ticket, message or file of anybody else is indistinguishable from a missing one, so
guessing numbers finds nothing and counts reveal nothing.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet

from realdesk.accounts.models import Customer
from realdesk.portal_access.models import ContactBlock, OrganizationAccess
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.hours import OpeningHours, describe_hours
from realdesk.sla.models import EtaPrediction, Promise
from realdesk.sla.phrasing import told_instant
from realdesk.sla.policies import calendar_of
from realdesk.tickets.choices import OPEN_STATUSES, Direction
from realdesk.tickets.models import Attachment, Message, Ticket


def contact_block_get(*, language: str, brand: str = "default") -> ContactBlock | None:
    """The block for the reader's language, else the brand's block for any language."""
    blocks = {
        block.language: block
        for block in ContactBlock.objects.filter(
            brand=brand, language__in=[language, ""]
        ).select_related("calendar")
    }
    return blocks.get(language) or blocks.get("")


def contact_hours(
    *, block: ContactBlock, language: str, now: datetime, timezone: str = ""
) -> OpeningHours | None:
    """The block's hours from its business calendar, on the reader's clock (`timezone`,
    else the calendar's own); None when no calendar says when someone answers."""
    if block.calendar_id is None:
        return None
    calendar = calendar_of(block.calendar)
    zone = timezone or getattr(calendar.tz, "key", settings.TIME_ZONE)
    return describe_hours(calendar, now=now, timezone=zone, language=language)


def customer_get(*, customer_id: int) -> Customer | None:
    return Customer.objects.filter(pk=customer_id).first()


def _visible_q(customer: Customer) -> Q:
    """The customer's own tickets; their organisation's too when an admin allowed it."""
    own = Q(customer=customer)
    if (
        customer.organization_id
        and OrganizationAccess.objects.filter(
            organization=customer.organization_id, members_see_all_tickets=True
        ).exists()
    ):
        return own | Q(customer__organization=customer.organization_id)
    return own


def customer_tickets(*, customer: Customer) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(_visible_q(customer), merged_into__isnull=True)
        .select_related("owner", "customer", "team")
        .order_by("-created_at")
    )


def customer_ticket_get(*, customer: Customer, number: int) -> Ticket:
    """Ticket.DoesNotExist for anything the customer may not see."""
    return (
        Ticket.objects.filter(_visible_q(customer))
        .select_related("owner", "customer", "team", "merged_into")
        .get(number=number)
    )


def customer_conversation(*, ticket: Ticket) -> QuerySet[Message]:
    """What was said between the customer and us: internal notes never appear."""
    return (
        ticket.messages.exclude(direction=Direction.NOTE)
        .select_related("author_agent", "author_customer")
        .prefetch_related("attachments")
    )


def customer_attachment_get(*, customer: Customer, number: int, pk: int) -> Attachment:
    """A file of a non-note message on a ticket the customer may see; DoesNotExist otherwise."""
    return Attachment.objects.select_related("message__ticket").get(
        pk=pk,
        message__ticket__number=number,
        message__ticket__in=Ticket.objects.filter(_visible_q(customer)),
        message__direction__in=[Direction.INBOUND, Direction.OUTBOUND],
    )


def ticket_expected_update(*, ticket: Ticket) -> datetime | None:
    """When the customer will next hear from us: an open promise, else (before the first
    answer) the ETA we predicted; None when nothing is owed."""
    if ticket.status not in OPEN_STATUSES:
        return None
    promise = (
        Promise.objects.filter(ticket=ticket, status=PromiseStatus.OPEN)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    if promise or ticket.first_response_at or not ticket.awaiting_reply_since:
        return promise
    # What the customer was told, to the minute they read it (the ETA rounded up to its
    # quarter hour): the page must not say 16:53 where the acknowledgement said 17:00.
    told = (
        EtaPrediction.objects.filter(ticket=ticket)
        .exclude(phrase="")
        .order_by("-made_at", "-pk")
        .values_list("eta", "made_at")
        .first()
    )
    return told_instant(told[0], now=told[1]) if told else None
