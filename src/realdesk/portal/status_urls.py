"""The public status page (mounted at /status/ by config/urls.py)."""

from django.urls import path

from realdesk.portal.views import status

app_name = "status"

urlpatterns = [
    path("", status.status_page, name="page"),
    path("feed.atom", status.StatusFeed(), name="feed"),
    path("incidents/<int:pk>/", status.incident_page, name="incident"),
    path("subscribe/", status.subscribe, name="subscribe"),
    path("subscribe/<str:value>/", status.confirm, name="confirm"),
    path("unsubscribe/<str:value>/", status.unsubscribe, name="unsubscribe"),
]
