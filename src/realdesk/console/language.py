"""Which language the console speaks to an agent: the one they picked in the console, else
their browser's (Django's LocaleMiddleware, which runs first and reads Accept-Language).

Only the console and the admin follow the profile: the support center and the chat widget
speak the customer's language, which an agent previewing them wants to see as customers do.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation


def chosen_language(code: str) -> str:
    """The offered language `code` stands for ("de-at" is German), or "" for none."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


class AgentLanguageMiddleware:
    """Must follow AuthenticationMiddleware (it reads the user) and LocaleMiddleware (whose
    choice from the browser it overrides, and whose response headers then say ours)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._chosen(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    def _chosen(self, request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not self._agent_facing(request.path):
            return ""
        return chosen_language(user.language)

    @staticmethod
    def _agent_facing(path: str) -> bool:
        return path.startswith((reverse("console:home"), reverse("admin:index")))
