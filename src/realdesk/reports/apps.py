from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "realdesk.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from realdesk.reports import tasks  # noqa: F401 - registers the periodic rollup
