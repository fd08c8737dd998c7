"""Top-level URL map: each area of the product owns its own URLconf."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from realdesk.core.views import healthz


def favicon(request: HttpRequest) -> HttpResponse:
    """Looked up per request: in production the static manifest exists only after
    collectstatic, which runs after the URLconf is first imported."""
    return HttpResponsePermanentRedirect(static("realdesk/favicon.ico"))


# The admin modules load with the URLs rather than at start-up (SimpleAdminConfig), so a
# command that serves no page, such as `realdesk ingest`, does not pay for them.
admin.autodiscover()


urlpatterns = [
    path("", RedirectView.as_view(url=settings.HOME_URL), name="home"),
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("agent/", include("realdesk.console.urls")),
    path("api/v1/", include("realdesk.api.v1.urls")),
    path("support/", include("realdesk.portal.urls")),
    path("status/", include("realdesk.portal.status_urls")),
    path("voice/", include("realdesk.voice.urls")),
    path("chat/", include("realdesk.chat.urls")),
]

handler400 = "realdesk.config.errors.bad_request"
handler403 = "realdesk.config.errors.permission_denied"
handler404 = "realdesk.config.errors.page_not_found"
handler500 = "realdesk.config.errors.server_error"
