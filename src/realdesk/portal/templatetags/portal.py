"""Words for customers: the agents' status names describe our queue, not their request."""

from datetime import datetime

from django import template
from django.conf import settings
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from realdesk.sla.phrasing import describe_instant
from realdesk.tickets.choices import Status

register = template.Library()

CUSTOMER_STATUS = {
    Status.NEW: _("Received"),
    Status.OPEN: _("In progress"),
    Status.PENDING: _("Waiting for your reply"),
    Status.ON_HOLD: _("In progress"),
    Status.SOLVED: _("Solved"),
    Status.CLOSED: _("Closed"),
}


@register.filter
def customer_status(status: str) -> str:
    return str(CUSTOMER_STATUS.get(status, _("In progress")))


@register.simple_tag
def chat_on_support_center() -> bool:
    """Whether the support center carries the chat button (REALDESK_CHAT_SUPPORT_CENTER)."""
    return settings.REALDESK_CHAT_SUPPORT_CENTER


@register.filter
def customer_time(value: datetime | None) -> str:
    """A time as the reader's language writes it, on their clock (the page renders in
    their zone), with the zone: "Mon 7 Dec, 5:00 pm CET", "Mo. 7. Dez., 17:00 CET"."""
    if value is None:
        return ""
    return describe_instant(value, timezone=get_current_timezone(), language=get_language())
