from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "realdesk.core"
    label = "core"

    def ready(self) -> None:
        from realdesk.core import tasks  # noqa: F401 - registers the periodic jobs
