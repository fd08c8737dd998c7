"""An agent's own workspace: saved views, and who is looking at which ticket right now."""

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "realdesk.workspace"
    label = "workspace"
