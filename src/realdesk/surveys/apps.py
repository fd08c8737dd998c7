from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "realdesk.surveys"
    label = "surveys"
    verbose_name = "Satisfaction"

    def ready(self) -> None:
        from realdesk.surveys import escalation, reactions, tasks  # noqa: F401 - registers handlers
