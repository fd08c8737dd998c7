"""One error type for every domain refusal, so views and the API map it in one place.

Messages are translated where they are raised (gettext, not gettext_lazy): the language
active then is the reader's, the agent's in the console or the customer's in the portal.
"""

from django.utils.translation import gettext


class ApplicationError(Exception):
    """A domain rule said no; the message is written for the person who asked."""

    def __init__(self, message: str, *, code: str = "invalid", extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The actor's role does not allow this change."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message or gettext("You are not allowed to do that."), code="permission_denied"
        )
