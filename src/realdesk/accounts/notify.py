"""Telling agents something, once the change that calls for it is committed.

Escalation, promises, satisfaction and webhooks all mail agents; it lives with the
agents rather than in any one of them."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from realdesk.accounts.choices import Role
from realdesk.accounts.models import User

logger = logging.getLogger(__name__)


def leads_of(team_id: int | None) -> list[User]:
    """The active leads of the team; every active lead when it has none (or no team)."""
    leads = User.objects.filter(role=Role.LEAD, is_active=True)
    if team_id:
        own = list(leads.filter(teams=team_id))
        if own:
            return own
    return list(leads)


def notify_agents(
    *,
    agents: Iterable[User],
    subject: str,
    body: str,
    ticket_number: int | None = None,
    html: str = "",
) -> list[str]:
    """Mail the agents after commit (a rolled-back change notifies nobody); returns the
    addresses. Callers guard against repeats (a unique row or a conditional update).
    About a ticket, the mail ends with its link: whoever is told to act gets there in
    one click. `html`, when given, is sent beside the text as its HTML alternative."""
    addresses = sorted({agent.email for agent in agents if agent.is_active})
    if ticket_number is not None:
        path = reverse("console:ticket", args=[ticket_number])
        body = f"{body}\n\nOpen the ticket: {settings.BASE_URL}{path}"

    def send() -> None:
        try:
            send_mail(subject, body, None, addresses, html_message=html or None)
        except Exception:
            logger.exception("could not notify %s", ", ".join(addresses))

    if addresses:
        transaction.on_commit(send)
    return addresses
