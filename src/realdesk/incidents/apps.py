from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "realdesk.incidents"
    label = "incidents"
    verbose_name = "Incidents and status page"

    def ready(self) -> None:
        # Importing registers the reaction that links new tickets and the spike check.
        from realdesk.incidents import reactions, tasks  # noqa: F401
