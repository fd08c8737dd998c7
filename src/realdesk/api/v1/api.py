"""The v1 API object: authentication, error mapping, rate-limit headers and the routers."""

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import ABS_TPL_PATH

from realdesk.api.v1 import (
    agents,
    articles,
    callbacks,
    chats,
    customers,
    incidents,
    organizations,
    ratings,
    reports,
    tickets,
)
from realdesk.api.v1.auth import AgentSessionAuth, ApiTokenAuth
from realdesk.api.v1.errors import install_error_handlers
from realdesk.api.v1.ratelimit import add_rate_headers
from realdesk.api.v1.renderer import OrjsonRenderer

DESCRIPTION = """The RealDesk REST API. It acts as the agent a token belongs to, with the
same permissions as in the console. See docs/api.md for examples."""


class RealDeskAPI(NinjaAPI):
    """Every response to an identified caller says how much of its rate limit is left."""

    def create_response(self, request: HttpRequest, data, **kwargs) -> HttpResponse:
        return add_rate_headers(request, super().create_response(request, data, **kwargs))

    def create_temporal_response(self, request: HttpRequest) -> HttpResponse:
        return add_rate_headers(request, super().create_temporal_response(request))


class OwnSwagger(Swagger):
    """Swagger UI from our own static files. ninja renders those only when it is an
    installed app, which it is not (see settings.NINJA_DIR); otherwise it renders the
    `template_cdn` file, which here is that same page."""

    template_cdn = str(ABS_TPL_PATH / "swagger.html")


api = RealDeskAPI(
    title="RealDesk API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[ApiTokenAuth(), AgentSessionAuth()],
    renderer=OrjsonRenderer(),
    docs=OwnSwagger(),
    # Swagger UI (served from our own static files) sets inline styles as it renders.
    docs_decorator=csp_update({"style-src": ["'unsafe-inline'"]}),
)
install_error_handlers(api)
MODULES = (
    tickets,
    customers,
    organizations,
    agents,
    articles,
    ratings,
    reports,
    incidents,
    callbacks,
    chats,
)
for module in MODULES:
    api.add_router("", module.router)
