from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "realdesk.comms"
    label = "comms"
    verbose_name = "Channels"

    def ready(self) -> None:
        from realdesk.comms.email import reactions, tasks  # noqa: F401 - registers handlers
