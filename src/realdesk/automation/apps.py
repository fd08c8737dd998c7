"""Work that repeats: macros now; escalation rules and promises join here."""

from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "realdesk.automation"
    label = "automation"
