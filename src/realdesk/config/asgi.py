"""ASGI entry point, served by uvicorn (`realdesk serve`) or any ASGI server."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")

application = get_asgi_application()
