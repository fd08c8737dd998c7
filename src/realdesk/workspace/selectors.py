from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.tickets.models import Ticket
from realdesk.workspace.models import Presence, SavedView

PRESENCE_FRESH_SECONDS = 20


def presence_others(*, ticket: Ticket, agent: User) -> QuerySet[Presence]:
    """The other agents who had this ticket open in the last few seconds."""
    fresh = timezone.now() - timedelta(seconds=PRESENCE_FRESH_SECONDS)
    return (
        Presence.objects.filter(ticket=ticket, seen_at__gte=fresh)
        .exclude(agent=agent)
        .select_related("agent")
        .order_by("agent__full_name")
    )


def saved_views(*, agent: User) -> QuerySet[SavedView]:
    return SavedView.objects.filter(agent=agent)
