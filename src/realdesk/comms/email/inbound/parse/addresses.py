"""Strict email-address handling for headers we make decisions on.

Why strict: the sender address decides which customer a ticket belongs to and
where auto-replies go. Parsers disagree on odd inputs such as
``a@evil@victim.com`` or ``alice@example.com <bob@evil.com>`` (one parser sees
victim.com, another evil.com), which is a known spoofing vector. So an address
is only accepted when the modern header parser and ``email.utils`` agree on
exactly one well-formed addr-spec; anything else yields no address plus a
defect note.
"""

from __future__ import annotations

import re
import unicodedata
from email import utils
from email.header import decode_header

from realdesk.comms.email.inbound.parse.charsets import codec_for
from realdesk.comms.email.inbound.parse.header_policy import POLICY

# Local part: dot-atom (RFC 5322 atext, plus UTF-8 per RFC 6532) or a simple quoted string.
# The character sets are written as the ASCII they leave out: atext is every character but
# ASCII controls, space and "(),.:;<>@[\]; a domain label's are letters, digits and any
# non-ASCII character (IDNs), with or without "-". Spelled as ranges up to U+10FFFF they
# meant the same, but each cost 4 ms to compile, 16 ms of every process that reads mail.
_ATEXT = r"""[^\x00-\x20"(),.:;<>@\[\\\]\x7f]"""
_LOCAL = rf'(?:{_ATEXT}+(?:\.{_ATEXT}+)*|"[^"\\\x00-\x1f\x7f]{{1,64}}")'
_LDH = r"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]"
_LDH_HYPHEN = r"[^\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]"
_LABEL = rf"{_LDH}(?:{_LDH_HYPHEN}{{0,61}}{_LDH})?"
_DOMAIN = rf"{_LABEL}(?:\.{_LABEL})*"
_ADDR_SPEC = re.compile(rf"{_LOCAL}@{_DOMAIN}")
_MAX_ADDRESS = 254
_SURROGATE = re.compile("[\udc80-\udcff]")  # a raw byte the header could not decode
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str, *, limit: int = 998) -> str:
    """One-line display text: no control, line-break or bidi-override characters.

    Used for every decoded header value so that nothing read from a header can
    inject another header, break a log line or reorder text on screen.
    """
    if value.isascii() and value.isprintable():  # the usual case: nothing to replace
        return " ".join(value.split())[:limit]
    out: list[str] = []
    for char in value:
        if char in _BIDI_CONTROLS or char in "\u2028\u2029":
            out.append(" ")
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            out.append(" ")
        elif category == "Cs":  # lone surrogate from undecodable bytes
            out.append("\ufffd")
        else:
            out.append(char)
    return " ".join("".join(out).split())[:limit]


def decode_words(raw: str) -> str:
    """Decode RFC 2047 encoded-words leniently (compat32 style), never raising."""
    try:
        pieces = decode_header(raw)
    except Exception:
        return undo_surrogates(raw)
    out: list[str] = []
    for chunk, charset in pieces:
        if isinstance(chunk, str):
            out.append(undo_surrogates(chunk))
        else:
            out.append(decode_bytes_lenient(chunk, charset and codec_for(charset.lower())))
    return "".join(out)


def undo_surrogates(text: str) -> str:
    """Turn surrogate-escaped raw bytes (8-bit headers) back into text (UTF-8, else cp1252)."""
    if not _SURROGATE.search(text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    return decode_bytes_lenient(data, None)


def decode_bytes_lenient(data: bytes, charset: str | None) -> str:
    """Decode with the declared charset, then UTF-8, then windows-1252 with replacement."""
    if charset:
        decoded = _try_decode(data, charset)
        if decoded is not None:
            return decoded
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _try_decode(data: bytes, charset: str) -> str | None:
    try:
        return data.decode(charset)
    except (UnicodeError, LookupError, ValueError, TypeError):  # wrong, unknown or non-text codec
        return None


def normalize_address(addr: str) -> str | None:
    """Return the lower-cased addr-spec if ``addr`` is exactly one valid addr-spec."""
    addr = addr.strip()
    if not addr or len(addr) > _MAX_ADDRESS or not _ADDR_SPEC.fullmatch(addr):
        return None
    return addr.lower()


def _registry_addresses(raw: str) -> tuple[list[tuple[str, str]], bool]:
    """Parse with the modern header registry: ([(name, addr_spec)], had_invalid_defect).

    The registry itself, not the policy, which leaves values over the header limits
    unparsed: whoever calls checks those limits first (the parser does, with the ones
    configured)."""
    header = POLICY.header_factory("to", "".join(undo_surrogates(raw).splitlines()))
    invalid = any(type(d).__name__ == "InvalidHeaderDefect" for d in header.defects)
    pairs = [(a.display_name or "", a.addr_spec) for a in header.addresses]
    return pairs, invalid


def _utils_addresses(raw: str) -> list[tuple[str, str]]:
    """Parse with `email.utils`, before any display name is decoded: a decoded name may
    hold the commas, quotes, brackets and semicolons its encoding hid (``=?utf-8?q?Doe=2C_J?=``
    is "Doe, J"), which would split or bend the address list."""
    return [(name, addr) for name, addr in utils.getaddresses([undo_surrogates(raw)]) if addr]


def parse_single_address(raw: str) -> tuple[str | None, str | None, list[str]]:
    """Strictly parse a header that must hold exactly one mailbox (From, Sender).

    Returns ``(address, display_name, defects)``; address is None unless both
    parsers agree on one valid addr-spec.
    """
    defects: list[str] = []
    try:
        pairs, invalid = _registry_addresses(raw)
    except Exception:
        pairs, invalid = [], True
        defects.append("address-parser-error")
    try:
        others = _utils_addresses(raw)
    except Exception:
        others = []
    if len(pairs) != 1 or len(others) != 1:
        defects.append("sender-not-exactly-one-address")
        return None, None, defects
    if invalid:
        defects.append("sender-address-malformed")
        return None, None, defects
    name, addr_spec = pairs[0]
    address = normalize_address(addr_spec)
    if address is None or address != (normalize_address(others[0][1]) or ""):
        defects.append("sender-address-invalid")
        return None, None, defects
    display = clean_text(name, limit=200) or None
    if (
        display
        and "@" in display
        and normalize_address(display.strip("'\" "))
        not in (
            None,
            address,
        )
    ):
        defects.append("display-name-looks-like-other-address")
    return address, display, defects


def parse_address_list(raw_values: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """Parse To/Cc/Reply-To style headers into unique lower-cased addresses.

    Invalid entries are dropped with a defect note; order is kept.
    """
    defects: list[str] = []
    found: list[str] = []
    for raw in raw_values:
        try:
            pairs, _ = _registry_addresses(raw)
        except Exception:
            pairs = _utils_addresses(raw)
        for _, addr_spec in pairs:
            if not addr_spec or addr_spec == "<>":
                continue
            address = normalize_address(addr_spec)
            if address is None:
                defects.append("invalid-recipient-address")
            elif address not in found:
                found.append(address)
    return tuple(found[:500]), defects
