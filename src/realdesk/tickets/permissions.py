"""Who may see and change which tickets, decided in one place for views, API and actions."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext

from realdesk.accounts.models import Customer, Team, User
from realdesk.core.errors import PermissionDeniedError
from realdesk.tickets.models import Ticket


def visible_tickets_q(actor: User) -> Q:
    """Admins and leads see every team; agents and read-only users their teams' tickets,
    tickets of no team yet, and tickets they own."""
    if not actor.is_active:
        return Q(pk__in=[])
    if actor.sees_all_teams:
        return Q()
    # The membership rows alone, not `actor.teams.all()`: the same teams without a join,
    # and a third less work to build into every list query.
    memberships = Team.members.through.objects.filter(user=actor).values("team")
    return Q(team__isnull=True) | Q(team__in=memberships) | Q(owner=actor)


def can_see_ticket(actor: User, ticket: Ticket) -> bool:
    if not actor.is_active:
        return False
    if actor.sees_all_teams or ticket.team_id is None or ticket.owner_id == actor.pk:
        return True
    return actor.teams.filter(pk=ticket.team_id).exists()


def check_can_work_on(actor: User, ticket: Ticket) -> None:
    if not actor.can_edit_tickets:
        raise PermissionDeniedError(gettext("Your role can read tickets but not change them."))
    if not can_see_ticket(actor, ticket):
        raise PermissionDeniedError(gettext("This ticket belongs to a team you are not part of."))


def visible_customers_q(actor: User) -> Q:
    """Customers are seen through their tickets: leads and admins see everyone, anyone else
    a customer with at least one ticket they may see, or with no ticket at all yet (like a
    ticket of no team, nobody's yet). A customer is not a side door into another team's
    queue: their profile, identities, promises and ratings are read (and changed) only by
    someone already working with them."""
    if not actor.is_active:
        return Q(pk__in=[])
    if actor.sees_all_teams:
        return Q()
    visible = Ticket.objects.filter(visible_tickets_q(actor)).values("customer")
    nobodys = ~Exists(Ticket.objects.filter(customer=OuterRef("pk")))
    return Q(pk__in=visible) | Q(nobodys)


def check_can_see_customer(actor: User, customer_id: int) -> None:
    if not Customer.objects.filter(visible_customers_q(actor), pk=customer_id).exists():
        raise PermissionDeniedError(gettext("This customer has no ticket you may see."))
