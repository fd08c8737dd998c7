from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "realdesk.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
