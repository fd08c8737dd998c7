"""Top-level URL map: each area of the product owns its own URLconf."""

from django.contrib import admin
from django.urls import include, path

from realdesk.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("agent/", include("realdesk.console.urls")),
    path("api/v1/", include("realdesk.api.v1.urls")),
    path("support/", include("realdesk.portal.urls")),
]
