from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "realdesk.reports"
    label = "reports"
    verbose_name = "Reports"
