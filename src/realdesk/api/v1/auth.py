"""Who is calling: a personal token (integrations) or the agent's session (the console).

Either way the caller is an agent and the API acts with exactly that agent's permissions;
a read-scope token may only use safe methods. Both kinds are rate limited per caller.
"""

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.security import HttpBearer, SessionAuth

from realdesk.accounts.models import User
from realdesk.api.actions import token_touch
from realdesk.api.choices import TokenScope
from realdesk.api.selectors import token_authenticate
from realdesk.api.v1.errors import ScopeError
from realdesk.api.v1.ratelimit import rate_limit_hit
from realdesk.core.errors import PermissionDeniedError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = token_authenticate(presented=token)
        if api_token is None:
            return None
        rate_limit_hit(request, caller=f"token:{api_token.prefix}")
        if request.method not in SAFE_METHODS and api_token.scope != TokenScope.WRITE:
            raise ScopeError()
        token_touch(token=api_token)
        return api_token.agent


class AgentSessionAuth(SessionAuth):
    """The console's own calls; unsafe methods need the CSRF token (checked by ninja)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None  # no session at all: a plain 401, not a CSRF complaint
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        rate_limit_hit(request, caller=f"user:{user.pk}")
        return user


def require_editor(actor: User) -> None:
    """For writes with no ticket yet to check against (opening one)."""
    if not actor.can_edit_tickets:
        raise PermissionDeniedError(gettext("Your role can read but not change anything."))
