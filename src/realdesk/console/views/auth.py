from django.contrib.auth import views as auth_views

from realdesk.console.forms import AgentLoginForm


class AgentLoginView(auth_views.LoginView):
    template_name = "console/login.html"
    authentication_form = AgentLoginForm
    redirect_authenticated_user = True


class AgentLogoutView(auth_views.LogoutView):
    pass
