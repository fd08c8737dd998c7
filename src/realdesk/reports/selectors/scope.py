"""Which tickets a report counts: those the actor may see, narrowed by the filter.

Every figure starts here, so an agent's report can never count a ticket the agent
could not open, and a lead's counts every team.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from realdesk.accounts.models import Team, User
from realdesk.core.errors import PermissionDeniedError
from realdesk.reports.filters import ReportFilter
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import visible_tickets_q


def report_teams(*, actor: User) -> QuerySet[Team]:
    """The teams the actor may pick: every team for leads and admins, their own for others."""
    if actor.sees_all_teams:
        return Team.objects.order_by("name")
    return actor.teams.order_by("name")


def team_check(*, actor: User, team_id: int | None) -> None:
    """Refuse a team the actor is not part of rather than show it as empty, which would
    read as "that team had no tickets"."""
    if team_id is not None and not report_teams(actor=actor).filter(pk=team_id).exists():
        raise PermissionDeniedError(gettext("You can see reports of your own teams only."))


def tickets_q(*, actor: User, flt: ReportFilter, path: str = "") -> Q:
    """The counted tickets as a condition on `path` (a relation to Ticket, or "" for the
    ticket itself), so the rows of other tables are filtered without a join when the
    actor sees everything."""
    prefix = f"{path}__" if path else ""
    condition = Q()
    visible = visible_tickets_q(actor)
    if visible:
        condition &= Q(**{f"{path}__in": Ticket.objects.filter(visible)}) if path else visible
    if flt.team_id is not None:
        condition &= Q(**{f"{prefix}team": flt.team_id})
    if flt.channel:
        condition &= Q(**{f"{prefix}channel": flt.channel})
    return condition


def owner_names(*, actor: User, owner_ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the owners a backlog lists: every agent's for leads and admins, the
    actor's own for others (their backlog lists no one else)."""
    wanted = {pk for pk in owner_ids if pk is not None}
    if not actor.sees_all_teams:
        wanted &= {actor.pk}
    return {pk: str(agent) for pk, agent in User.objects.in_bulk(wanted).items()}
