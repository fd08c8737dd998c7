from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "realdesk.comms"
    label = "comms"
    verbose_name = "Channels"
