"""Who may do what with incidents: leads and admins run them; anyone who may change a
ticket may link it to one (and unlink it)."""

from django.utils.translation import gettext

from realdesk.accounts.choices import Role
from realdesk.accounts.models import User
from realdesk.core.errors import PermissionDeniedError

MANAGERS = (Role.ADMIN, Role.LEAD)


def can_manage_incidents(actor: User) -> bool:
    return actor.is_active and actor.role in MANAGERS


def check_can_manage_incidents(actor: User) -> None:
    if not can_manage_incidents(actor):
        raise PermissionDeniedError(gettext("Only leads and admins open and update incidents."))
