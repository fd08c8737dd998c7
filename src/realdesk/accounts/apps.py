from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "realdesk.accounts"
    label = "accounts"
    verbose_name = "People"
