from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "realdesk.comms"
    label = "comms"
    verbose_name = "Channels"

    def ready(self) -> None:
        from realdesk.comms.channels import reactions as channel_reactions  # noqa: F401
        from realdesk.comms.channels.inbox_views import register_channel_views
        from realdesk.comms.email import reactions, tasks  # noqa: F401 - registers handlers

        register_channel_views()
