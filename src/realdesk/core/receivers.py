"""What `realdesk serve` runs beside the web server to receive messages (email watchers and
listeners today), registered by the apps that own them so core knows none of them.

Each app registers a factory from its ready(); serve builds, starts and stops them. A
receiver describes where it listens, for the first steps serve prints.
"""

from collections.abc import Callable
from typing import Protocol

from realdesk.core.registry import Registry


class Receiver(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def describe(self) -> str:
        """Where messages can be sent to it, for a person ("SMTP on 127.0.0.1:2525")."""
        ...


receivers: Registry[str, Callable[[], Receiver]] = Registry("receivers")
