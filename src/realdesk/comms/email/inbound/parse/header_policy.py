"""The stdlib modern email policy, bounded, with equal header inputs sharing one parsed header.

Why bounded: the modern header parser is quadratic in time and memory on some hostile
values: a 480 KB Subject of 30,000 RFC 2047 encoded words took one ingest to several GB.
So a header value over `HeaderLimits` (checked in linear time, before any parsing) is not
given to the header registry at all: it reads as plain text, decoded compat32-style from
its first `header_chars` characters (`BoundedPolicy.header_fetch_parse`). That also covers
the headers the stdlib reads by itself (a part's Content-Type while parsing). The parser
records which headers were over the limits, and the pipeline decides what that means.

Why shared: ``policy.default`` parses a header again on every access, and a message asks for
its parts' Content-Type some thirty times while being parsed and walked; that parsing
was most of the time spent on an email. Parsed headers are immutable, and the same
MIME headers recur in almost every message, so a bounded cache keyed on the exact
(name, value) returns the very object the registry would have built: results are
identical, only faster.
"""

from dataclasses import dataclass
from email.header import decode_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.policy import EmailPolicy
from functools import lru_cache

#: Longer values are rare (long References, hostile input) and parsed every time, so the
#: cache stays small whatever arrives.
MAX_CACHED_VALUE = 256
CACHE_SIZE = 2048


@dataclass(frozen=True, slots=True)
class HeaderLimits:
    """What one email's headers may hold before they are read the cheap way (the defaults
    of the `REALDESK_EMAIL_MAX_HEADER*` settings; see docs/configuration.md)."""

    header_bytes: int = 512 * 1024  # the top-level header block, all headers together
    header_chars: int = 32 * 1024  # one header's value, unfolded
    encoded_words: int = 200  # RFC 2047 encoded words ("=?") in one header
    addresses: int = 500  # "@" in one header: addresses, groups or not
    nesting: int = 20  # parentheses (comments) inside each other in one header

    def breach(self, value: str) -> str | None:
        """Why a header value is over the limits, or None; linear in the value's length."""
        if len(value) - value.count("\n") - value.count("\r") > self.header_chars:  # unfolded
            return f"longer than {self.header_chars} characters"
        if value.count("=?") > self.encoded_words:
            return f"more than {self.encoded_words} encoded words"
        if value.count("@") > self.addresses:
            return f"more than {self.addresses} addresses"
        if value.count("(") > self.nesting and _nesting(value) > self.nesting:
            return f"parentheses nested more than {self.nesting} deep"
        return None

    def block_breach(self, raw: bytes) -> str | None:
        """Why the header block of `raw` (up to the first empty line) is over the limit."""
        head = raw[: self.header_bytes + 4]
        ends = [i for i in (head.find(b"\n\n"), head.find(b"\r\n\r\n")) if i >= 0]
        if (min(ends) if ends else len(raw)) > self.header_bytes:
            return f"larger than {self.header_bytes} bytes"
        return None

    def cheap_text(self, value: str) -> str:
        """The value as text without the header registry: RFC 2047 words decoded (lenient
        on charsets) from the first `header_chars` characters."""
        value = value[: self.header_chars]
        try:
            pieces = decode_header(value)
        except Exception:
            return value
        return "".join(_text(chunk, charset) for chunk, charset in pieces)


DEFAULT_LIMITS = HeaderLimits()


def _text(chunk: str | bytes, charset: str | None) -> str:
    if isinstance(chunk, str):
        return chunk
    try:
        return chunk.decode(charset or "utf-8", "replace")
    except (LookupError, TypeError, ValueError):  # unknown or non-text codec
        return chunk.decode("utf-8", "replace")


def _nesting(value: str) -> int:
    depth = deepest = 0
    for char in value:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")" and depth:
            depth -= 1
    return deepest


class SharedHeaderRegistry(HeaderRegistry):
    def __getitem__(self, name: str) -> type[BaseHeader]:
        """The stdlib builds a new class on every call (a tenth of parsing an email); the
        class depends only on the registered kind, a handful, so each is built once."""
        return _header_class(self.registry.get(name.lower(), self.default_class), self.base_class)

    def __call__(self, name: str, value: str) -> BaseHeader:
        if len(value) > MAX_CACHED_VALUE:
            return super().__call__(name, value)
        return _parsed(self, name, value)


@lru_cache(maxsize=CACHE_SIZE)
def _parsed(registry: SharedHeaderRegistry, name: str, value: str) -> BaseHeader:
    return HeaderRegistry.__call__(registry, name, value)


@lru_cache(maxsize=64)
def _header_class(kind: type, base: type) -> type[BaseHeader]:
    return type("_" + kind.__name__, (kind, base), {})


class BoundedPolicy(EmailPolicy):
    """`policy.default` whose header values over `header_limits` are plain text."""

    header_limits = DEFAULT_LIMITS

    def header_fetch_parse(self, name: str, value: str) -> object:
        if not hasattr(value, "name") and self.header_limits.breach(value):
            return self.header_limits.cheap_text(value)
        return super().header_fetch_parse(name, value)


#: `policy.default` (which is `EmailPolicy()`), bounded by the default limits.
POLICY = BoundedPolicy(header_factory=SharedHeaderRegistry())


@lru_cache(maxsize=8)
def bounded_policy(limits: HeaderLimits) -> BoundedPolicy:
    """The policy for `limits`; the same object, and the same shared cache, for equal ones."""
    return POLICY if limits == POLICY.header_limits else POLICY.clone(header_limits=limits)
