"""Who may change the knowledge base: one policy for the console, the API and imports.

Two steps, each a set of roles (settings REALDESK_KNOWLEDGE_WRITE_ROLES and
REALDESK_KNOWLEDGE_PUBLISH_ROLES): writers start articles, write drafts and sort them
(category, keywords, related articles); publishers decide what customers read, so they
publish, unpublish and change the text of a published translation, which customers would
otherwise read the moment it is saved. By default agents write and leads and admins
publish: the people who answer the questions draft the answers, and the knowledge base
speaks for the whole company only once someone who answers for it agrees. Read-only users
and inactive accounts do neither, whatever the settings say. `None` is the system itself
(the demo loader, imports).
"""

from django.conf import settings
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import PermissionDeniedError


def _allowed(actor: User | None, roles: frozenset[str]) -> bool:
    return actor is None or (actor.is_active and actor.can_edit_tickets and actor.role in roles)


def may_write(actor: User | None) -> bool:
    return _allowed(actor, settings.REALDESK_KNOWLEDGE_WRITE_ROLES)


def may_publish(actor: User | None) -> bool:
    return _allowed(actor, settings.REALDESK_KNOWLEDGE_PUBLISH_ROLES)


def check_writer(actor: User | None) -> None:
    if not may_write(actor):
        raise PermissionDeniedError(
            gettext("Your role can read the knowledge base but not change it.")
        )


def check_publisher(actor: User | None) -> None:
    if not may_publish(actor):
        raise PermissionDeniedError(
            gettext(
                "Your role can write drafts but not change what customers read: "
                "ask a lead to publish it."
            )
        )


def may_see_faq_candidates(actor: User) -> bool:
    """Leads and admins: the candidates quote every team's customers, and deciding what the
    knowledge base answers next is theirs."""
    return actor.is_active and actor.sees_all_teams


def check_faq_candidates_reader(actor: User) -> None:
    if not may_see_faq_candidates(actor):
        raise PermissionDeniedError(gettext("Only leads and admins see the FAQ candidates."))
