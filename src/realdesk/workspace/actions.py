"""Writes to an agent's workspace; the ticket itself is never touched here."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.tickets.models import Ticket
from realdesk.workspace.choices import PresenceState
from realdesk.workspace.models import Presence, SavedView


def presence_beat(*, ticket: Ticket, agent: User, state: str) -> Presence:
    """Note that the agent still has the ticket open (and whether they are typing)."""
    if state not in PresenceState.values:
        raise ApplicationError(
            gettext("Unknown presence state %(state)r") % {"state": state}, code="invalid_state"
        )
    presence, _ = Presence.objects.update_or_create(
        ticket=ticket, agent=agent, defaults={"state": state, "seen_at": timezone.now()}
    )
    return presence


def saved_view_create(*, agent: User, name: str, view: str, query: str) -> SavedView:
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(gettext("Give the view a name."), code="name_required")
    try:
        with transaction.atomic():
            return SavedView.objects.create(
                agent=agent, name=name[:80], view=view, query=query, created_at=timezone.now()
            )
    except IntegrityError:
        raise ApplicationError(
            gettext("You already have a view named “%(name)s”.") % {"name": name},
            code="duplicate_name",
        ) from None


def saved_view_delete(*, agent: User, pk: int) -> None:
    """Only the agent's own views; someone else's looks like a missing one."""
    deleted, _ = SavedView.objects.filter(agent=agent, pk=pk).delete()
    if not deleted:
        raise ApplicationError(gettext("That saved view does not exist."), code="not_found")
