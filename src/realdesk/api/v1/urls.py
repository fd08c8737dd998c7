"""Mounted at /api/v1/ by the project URLconf; the namespace is what ninja reverses."""

from realdesk.api.v1.api import api

urlpatterns, _, app_name = api.urls
