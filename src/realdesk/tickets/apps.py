from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TicketsConfig(AppConfig):
    name = "realdesk.tickets"
    label = "tickets"

    def ready(self) -> None:
        from realdesk.tickets.search import sqlite_triggers_ensure

        post_migrate.connect(sqlite_triggers_ensure, sender=self)
