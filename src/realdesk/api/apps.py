from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "realdesk.api"
    label = "api"
    verbose_name = "API"
