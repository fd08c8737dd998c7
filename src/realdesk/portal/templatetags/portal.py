"""Words for customers: the agents' status names describe our queue, not their request."""

from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
