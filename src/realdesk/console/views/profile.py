"""The agent's own settings: for now the language the console speaks to them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from realdesk.accounts.actions import agent_language_set
from realdesk.core.errors import ApplicationError


@login_required
@require_POST
def language(request):
    """The whole page changes language, so htmx reloads it rather than swapping a part."""
    try:
        agent_language_set(agent=request.user, language=request.POST.get("language", ""))
    except ApplicationError as error:
        return HttpResponse(error.message, status=400)
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)
    return redirect("console:home")
