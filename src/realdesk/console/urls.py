from django.urls import path

from realdesk.console import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.AgentLoginView.as_view(), name="login"),
    path("logout/", views.AgentLogoutView.as_view(), name="logout"),
    path("tickets/<int:number>/", views.ticket_detail, name="ticket"),
]
