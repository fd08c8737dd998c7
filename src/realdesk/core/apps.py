from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "realdesk.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models import Field, ForeignObject

        from realdesk.core import tasks  # noqa: F401 - registers the periodic jobs
        from realdesk.core.lookups import AnyOf

        Field.register_lookup(AnyOf)
        ForeignObject.register_lookup(AnyOf)  # relations see only their own lookups
