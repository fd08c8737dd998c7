from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "realdesk.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        # Importing registers the periodic catch-up of article vectors and the reaction
        # that embeds new tickets' questions.
        from realdesk.knowledge import reactions, tasks  # noqa: F401
