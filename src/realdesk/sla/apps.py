from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "realdesk.sla"
    label = "sla"
    verbose_name = "Service levels"

    def ready(self) -> None:
        # Importing registers the reactions to ticket events and the periodic evaluator.
        from realdesk.sla import reactions, tasks  # noqa: F401
        from realdesk.sla.inbox_views import register_sla_views

        register_sla_views()
