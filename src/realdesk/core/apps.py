from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "realdesk.core"
    label = "core"
