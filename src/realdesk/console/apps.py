from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "realdesk.console"
    label = "console"
