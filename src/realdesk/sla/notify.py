"""Telling agents something, once the change that calls for it is committed."""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

from realdesk.accounts.choices import Role
from realdesk.accounts.models import User
from realdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)


def leads_of(ticket: Ticket) -> list[User]:
    """The leads of the ticket's team; every active lead when the team has none."""
    leads = User.objects.filter(role=Role.LEAD, is_active=True)
    if ticket.team_id:
        own = list(leads.filter(teams=ticket.team_id))
        if own:
            return own
    return list(leads)


def notify_agents(*, agents: Iterable[User], subject: str, body: str) -> list[str]:
    """Mail the agents after commit (a rolled-back change notifies nobody); returns the
    addresses. Callers guard against repeats (a unique row or a conditional update)."""
    addresses = sorted({agent.email for agent in agents if agent.is_active})

    def send() -> None:
        try:
            send_mail(subject, body, None, addresses)
        except Exception:
            logger.exception("could not notify %s", ", ".join(addresses))

    if addresses:
        transaction.on_commit(send)
    return addresses
