"""The phone channel: calls, the phone queue and callbacks kept like promises."""

from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "realdesk.voice"
    label = "voice"

    def ready(self) -> None:
        from realdesk.voice import tasks  # noqa: F401  (registers the periodic check)
        from realdesk.voice.inbox_views import register_voice_views

        register_voice_views()
