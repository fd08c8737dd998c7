from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "realdesk.tickets"
    label = "tickets"
