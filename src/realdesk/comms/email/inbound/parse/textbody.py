"""Decoding of text/* MIME bodies: charsets with fallbacks and RFC 3676 format=flowed.

Why separate: charset handling is where real-world mail is most often wrong
(missing, misspelled, lying or unknown charset labels), and it must never
raise. Keeping it apart from the MIME walk makes both easier to test.
"""

from __future__ import annotations

from realdesk.comms.email.inbound.parse.addresses import clean_text, decode_bytes_lenient
from realdesk.comms.email.inbound.parse.charsets import codec_for

_NO_CHARSET = frozenset({"x-unknown", "unknown-8bit", "unknown", "x-user-defined", "default"})
_DECODE_ERRORS = (UnicodeError, LookupError, ValueError, TypeError)


def usable_charset(label: str | None, defects: list[str]) -> str | None:
    """The Python codec for a MIME charset label, or None (with a defect) if unusable."""
    charset = (label or "").strip().strip("\"'").lower() or None
    if charset is None or charset in _NO_CHARSET:
        return None
    charset = codec_for(charset)
    try:
        "".encode(charset)  # rejects unknown names and bytes-to-bytes codecs like base64
        b"".decode(charset)
    except _DECODE_ERRORS:
        defects.append(f"unknown-charset:{clean_text(charset, limit=40)}")
        return None
    return charset


def decode_body(
    data: bytes, label: str | None, defects: list[str], *, flowed: bool = False, delsp: bool = False
) -> str:
    """Decode a text body: declared charset, else UTF-8, else windows-1252; LF line ends.

    A declared charset that does not fit the bytes is tried after UTF-8 with
    replacement characters; NUL characters are removed (databases reject them).
    """
    charset = usable_charset(label, defects)
    try:
        text = data.decode(charset or "utf-8")
    except _DECODE_ERRORS:
        defects.append(f"charset-mismatch:{charset or 'none'}")
        if charset in (None, "us-ascii", "ascii"):
            text = decode_bytes_lenient(data, None)
        else:
            text = _utf8_or_replace(data, charset)
    if "\x00" in text:
        defects.append("nul-removed")
        text = text.replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unflow(text, delsp=delsp) if flowed else text


def _utf8_or_replace(data: bytes, charset: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(charset, "replace")


def unflow(text: str, *, delsp: bool = False) -> str:
    """Undo RFC 3676 format=flowed: join soft-broken lines, drop space-stuffing.

    A line ending in a space continues on the next line of the same quote
    depth; "-- " (signature separator) is never soft.
    """
    out: list[str] = []
    buf: str | None = None
    buf_depth = 0
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]
        soft = content.endswith(" ") and content != "-- "
        if buf is not None and depth != buf_depth:
            out.append(_quote_prefix(buf_depth) + buf)
            buf = None
        if soft and delsp:
            content = content[:-1]
        buf = content if buf is None else buf + content
        buf_depth = depth
        if not soft:
            out.append(_quote_prefix(depth) + buf)
            buf = None
    if buf is not None:
        out.append(_quote_prefix(buf_depth) + buf)
    return "\n".join(out)


def _quote_prefix(depth: int) -> str:
    return ">" * depth + " " if depth else ""
