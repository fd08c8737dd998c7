from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "realdesk.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        # Importing registers the periodic catch-up of article vectors.
        from realdesk.knowledge import tasks  # noqa: F401
