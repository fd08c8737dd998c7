from django.apps import AppConfig


class PortalAccessConfig(AppConfig):
    name = "realdesk.portal_access"
    label = "portal_access"
    verbose_name = "Support center access"
