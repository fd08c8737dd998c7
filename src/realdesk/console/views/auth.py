from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from realdesk.accounts.actions import login_unlock_redeem, login_unlock_request
from realdesk.console.browsers import browser_unlock
from realdesk.console.forms import AgentLoginForm, UnlockRequestForm
from realdesk.core.clients import client_address
from realdesk.core.errors import ApplicationError


class AgentLoginView(auth_views.LoginView):
    template_name = "console/login.html"
    authentication_form = AgentLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The browser an agent signs in from is let past their account's lock later."""
        return browser_unlock(super().form_valid(form), form.get_user().email)


class AgentLogoutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def unlock_request(request):
    """The same answer whether or not the address is an agent's: nothing to probe."""
    form = UnlockRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login_unlock_request(email=form.cleaned_data["email"], client=client_address(request))
        except ApplicationError as error:
            form.add_error(None, error.message)
            return render(request, "console/unlock.html", {"form": form}, status=429)
        return render(request, "console/unlock.html", {"sent": form.cleaned_data["email"]})
    return render(request, "console/unlock.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unlock_link(request, value: str):
    """GET only asks to confirm, so mail scanners that open links do not spend them."""
    if request.method == "GET":
        return render(request, "console/unlock.html", {"confirm": True})
    try:
        user = login_unlock_redeem(value=value, client=client_address(request))
    except ApplicationError as error:
        return render(request, "console/unlock.html", {"invalid": error.message}, status=400)
    messages.success(request, _("Signing in is unlocked in this browser. Sign in now."))
    return browser_unlock(redirect("console:login"), user.email)
