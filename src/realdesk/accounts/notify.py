"""Whom to tell: escalation, promises and satisfaction all alert the leads of a team.

The telling itself (one email per agent, through the outbox) is the outbound service's
`notify_agents` (comms/outbound.py)."""

from realdesk.accounts.choices import Role
from realdesk.accounts.models import User


def leads_of(team_id: int | None) -> list[User]:
    """The active leads of the team; every active lead when it has none (or no team)."""
    leads = User.objects.filter(role=Role.LEAD, is_active=True)
    if team_id:
        own = list(leads.filter(teams=team_id))
        if own:
            return own
    return list(leads)
