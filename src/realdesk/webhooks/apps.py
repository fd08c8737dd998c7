from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "realdesk.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Importing registers the reactions to ticket events and the periodic sweep.
        from realdesk.webhooks import reactions, tasks  # noqa: F401
