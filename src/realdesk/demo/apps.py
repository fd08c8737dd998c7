from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "realdesk.demo"
    label = "demo"
