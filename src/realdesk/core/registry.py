"""One small registry type for the parts other apps plug in: channel adapters, reactions
to ticket events, inbox views, escalation conditions and responses, periodic jobs,
knowledge search rankers, health figures and receivers.

A key registered twice is refused: two modules claiming one name is a wiring mistake that
would otherwise surface as whichever import ran last silently winning.
"""

from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class Registry(Generic[K, T]):
    """Named entries in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[K, T] = {}

    def register(self, key: K, entry: T) -> T:
        if key in self._entries:
            raise ValueError(f"{self.name}: {key!r} is registered already")
        self._entries[key] = entry
        return entry

    def get(self, key: K) -> T:
        try:
            return self._entries[key]
        except KeyError:
            raise LookupError(f"{self.name}: nothing is registered as {key!r}") from None

    def items(self) -> list[tuple[K, T]]:
        return list(self._entries.items())

    def values(self) -> list[T]:
        return list(self._entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self._entries
