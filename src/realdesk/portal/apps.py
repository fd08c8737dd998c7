from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "realdesk.portal"
    label = "portal"
    verbose_name = "Support center"
