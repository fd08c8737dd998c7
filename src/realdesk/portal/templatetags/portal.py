"""Words for customers: the agents' status names describe our queue, not their request."""

from django import template

from realdesk.tickets.choices import Status

register = template.Library()

CUSTOMER_STATUS = {
    Status.NEW: "Received",
    Status.OPEN: "In progress",
    Status.PENDING: "Waiting for your reply",
    Status.ON_HOLD: "In progress",
    Status.SOLVED: "Solved",
    Status.CLOSED: "Closed",
}


@register.filter
def customer_status(status: str) -> str:
    return CUSTOMER_STATUS.get(status, "In progress")
