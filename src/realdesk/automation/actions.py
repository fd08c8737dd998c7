from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.automation.models import Macro
from realdesk.automation.placeholders import PLACEHOLDERS, unknown_placeholders
from realdesk.core.errors import ApplicationError, PermissionDeniedError


def _check_may_manage(actor: User, *, shared: bool) -> None:
    if not actor.can_edit_tickets:
        raise PermissionDeniedError(gettext("Your role can read tickets but not write macros."))
    if shared and not actor.sees_all_teams:
        raise PermissionDeniedError(gettext("Only leads and admins manage shared macros."))


def macro_create(*, actor: User, title: str, body: str, shared: bool = False) -> Macro:
    """A personal macro for any agent; shared ones are the leads' to curate."""
    _check_may_manage(actor, shared=shared)
    title = " ".join(title.split())
    if not title or not body.strip():
        raise ApplicationError(gettext("A macro needs a title and a text."), code="invalid_macro")
    macro_check_placeholders(body)
    return Macro.objects.create(
        title=title[:120],
        body=body.strip(),
        owner=None if shared else actor,
        created_by=actor,
        created_at=timezone.now(),
    )


def macro_delete(*, actor: User, macro: Macro) -> None:
    if macro.owner_id is not None and macro.owner_id != actor.pk:
        raise PermissionDeniedError(gettext("That macro belongs to someone else."))
    _check_may_manage(actor, shared=macro.owner_id is None)
    macro.delete()


def macro_check_placeholders(body: str) -> None:
    """Refuse a placeholder no ticket can fill, naming the ones that exist, so a typo is
    fixed once when the macro is written instead of in every draft made from it."""
    if unknown := unknown_placeholders(body):
        names = ", ".join(f"{{{name}}}" for name in unknown)
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise ApplicationError(
            gettext("Unknown placeholder %(names)s. Placeholders that work: %(known)s.")
            % {"names": names, "known": known},
            code="unknown_placeholder",
        )
