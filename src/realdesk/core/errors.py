"""One error type for every domain refusal, so views and the API map it in one place."""


class ApplicationError(Exception):
    """A domain rule said no; the message is written for the person who asked."""

    def __init__(self, message: str, *, code: str = "invalid", extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The actor's role does not allow this change."""

    def __init__(self, message: str = "You are not allowed to do that."):
        super().__init__(message, code="permission_denied")
