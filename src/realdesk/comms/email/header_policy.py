"""The stdlib modern email policy, with equal header inputs sharing one parsed header.

Why: ``policy.default`` parses a header again on every access, and a message asks for
its parts' Content-Type some thirty times while being parsed and walked; that parsing
was most of the time spent on an email. Parsed headers are immutable, and the same
MIME headers recur in almost every message, so a bounded cache keyed on the exact
(name, value) returns the very object the registry would have built: results are
identical, only faster.
"""

from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from functools import lru_cache

#: Longer values are rare (long References, hostile input) and parsed every time, so the
#: cache stays small whatever arrives.
MAX_CACHED_VALUE = 256
CACHE_SIZE = 2048


class SharedHeaderRegistry(HeaderRegistry):
    def __call__(self, name: str, value: str) -> BaseHeader:
        if len(value) > MAX_CACHED_VALUE:
            return super().__call__(name, value)
        return _parsed(self, name, value)


@lru_cache(maxsize=CACHE_SIZE)
def _parsed(registry: SharedHeaderRegistry, name: str, value: str) -> BaseHeader:
    return HeaderRegistry.__call__(registry, name, value)


POLICY = policy.default.clone(header_factory=SharedHeaderRegistry())
