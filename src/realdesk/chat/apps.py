"""Live chat: sessions on chat tickets, agent availability, the customer's chat API."""

from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "realdesk.chat"
    label = "chat"

    def ready(self) -> None:
        from realdesk.chat import tasks  # noqa: F401  (registers the periodic check)
        from realdesk.chat.adapter import ChatAdapter
        from realdesk.comms.channels.adapters import channel_adapters

        channel_adapters.register(ChatAdapter.channel, ChatAdapter())
