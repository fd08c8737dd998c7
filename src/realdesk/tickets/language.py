"""Which language a customer reads our mail in: the one place that decides it."""

from django.conf import settings

from realdesk.accounts.models import Customer
from realdesk.tickets.models import Ticket


def mail_language(customer: Customer | None, *, ticket: Ticket | None = None) -> str:
    """The ticket's language (what the customer wrote it in), else the customer's, else
    the site's."""
    chosen = (ticket.language if ticket else "") or (customer.language if customer else "")
    return chosen or settings.LANGUAGE_CODE
