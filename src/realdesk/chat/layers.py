"""The in-memory channel layer (one web process) with its clean-up made affordable.

Channels' layer looks for expired messages in every socket's inbox on every receive and
every group send. With 1,000 sockets a queue move that reaches 800 of them made 800
receives each walk up to 800 inboxes: most of the event loop's time during the load
bench's accepts (py-spy), so the sockets fell behind until their messages expired.
Expiry is a safety net measured in tens of seconds (a socket whose inbox sat that long is
dropped from its groups): looking once a second is as safe and costs one walk per second.
"""

import time

from channels.layers import InMemoryChannelLayer

CLEAN_EVERY_SECONDS = 1.0


class ChatInMemoryChannelLayer(InMemoryChannelLayer):
    _cleaned_at = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned_at >= CLEAN_EVERY_SECONDS:
            self._cleaned_at = now
            self._drop_expired()

    def _drop_expired(self) -> None:
        """As channels' clean-up, but a socket with expired pushes leaves its groups once,
        in one walk of the groups for all such sockets. Channels walks every group once per
        expired push: with 1,000 sockets, 800 inboxes holding queue moves past the expiry
        made that a quarter of the event loop's samples during the bench's runs."""
        expired = set()
        for channel, queue in list(self.channels.items()):
            while not queue.empty() and queue._queue[0][0] < time.time():
                queue.get_nowait()
                expired.add(channel)
            if channel in expired and queue.empty():
                self.channels.pop(channel, None)
        joined_before = int(time.time()) - self.group_expiry
        for members in self.groups.values():
            for name, joined in list(members.items()):
                if name in expired or (joined and joined < joined_before):
                    members.pop(name, None)
