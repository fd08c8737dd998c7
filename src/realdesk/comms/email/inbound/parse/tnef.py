"""Recover the files and body that Outlook wrapped in a TNEF part (winmail.dat).

Why: Outlook and Exchange may send a customer's attachments, and sometimes the only copy
of the body, inside one opaque ``application/ms-tnef`` part. ``tnefparse`` decodes the
attributes, MAPI properties and code pages, but it trusts its input: counts read from the
stream drive its loops unchecked (a 10-byte property block can claim four billion
properties and spin for hours), it copies the rest of the stream for every attribute
(quadratic), and it recurses into embedded messages. So the framing is read here with hard
caps, every MAPI block is measured the way tnefparse will walk it, and tnefparse only ever
sees small streams of the attributes we use: one for the message body, one per file.
A body kept only as compressed RTF is read by ``rtf.py``; the files of an attached Outlook
item are taken out too, one level deep, under the same caps.

Pure: bytes in, values out, never raises. Anything suspicious returns no content and a
note, and the caller keeps the original winmail.dat, so nothing is lost; a body that cannot
be read keeps the files and asks the caller to keep the winmail.dat too (``keep_original``).
"""

from __future__ import annotations

import mimetypes
import re
import struct
from dataclasses import dataclass

from tnefparse import TNEF
from tnefparse.mapi import IMESSAGE_SIG, decode_mapi

from realdesk.comms.email.inbound.parse.addresses import decode_bytes_lenient
from realdesk.comms.email.inbound.parse.rtf import RtfTooLarge, read_compressed_rtf

SIGNATURE = 0x223E9F78
MAX_ATTRIBUTES = 10_000  # Outlook writes about six per file and a dozen for the message
MAX_FILES = 500  # above the pipeline's part limit, so that limit (not this) quarantines
# (both count an attached Outlook item's attributes and files with those around it)
MAX_STEPS = 200_000  # loop iterations tnefparse may spend on all MAPI blocks together
MAX_SKIPPED = 16  # properties a block may claim beyond its end before it is called hostile

_LEVEL_ATTACHMENT = 2
_ATT_BODY = 0x800C
_ATT_ATTACH_DATA = 0x800F
_ATT_ATTACH_TITLE = 0x8010
_ATT_ATTACH_REND_DATA = 0x9002
_ATT_MAPI_PROPS = 0x9003
_ATT_ATTACHMENT = 0x9005
_ATT_OEM_CODEPAGE = 0x9007
_MESSAGE_ATTRIBUTES = {_ATT_BODY, _ATT_MAPI_PROPS}
_FILE_ATTRIBUTES = {_ATT_ATTACH_TITLE, _ATT_ATTACH_DATA, _ATT_ATTACHMENT}

_PR_RTF_COMPRESSED = 0x1009
_PR_ATTACH_DATA = 0x3701
_PR_ATTACH_LONG_FILENAME = 0x3707
_PR_ATTACH_MIME_TAG = 0x370E
_MULTI_VALUE = 0x1000
_NAMED = 0x8000
_SHORT, _BOOLEAN = 0x0002, 0x000B
_FIXED_SIZES = {0x0002: 2, 0x000B: 2, 0x0003: 4, 0x0004: 4, 0x000A: 4, 0x0005: 8, 0x0006: 8,
                0x0007: 8, 0x0014: 8, 0x0040: 8, 0x0048: 16}  # fmt: skip
_VARIABLE = {0x0000, 0x000D, 0x001E, 0x001F, 0x0102}  # unspecified, object, strings, binary
_BINARY = {0x0000, 0x000D, 0x0102}
_MIME_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
_U16 = struct.Struct("<H")
# attOemCodepage = windows-1252, for streams without one (tnefparse would fail on every string)
_DEFAULT_CODEPAGE = struct.pack("<BHHIII", 1, 0x9007, 0x0006, 8, 1252, 0) + struct.pack(
    "<H", sum(struct.pack("<II", 1252, 0)) & 0xFFFF
)
_U32 = struct.Struct("<I")
_HEADER = struct.Struct("<BHHI")  # level, attribute id, attribute type, length


@dataclass(frozen=True, slots=True)
class TnefFile:
    """One file from the TNEF; ``name`` is as Outlook wrote it, not yet sanitised."""

    name: str
    content_type: str
    payload: bytes


@dataclass(frozen=True, slots=True)
class TnefContent:
    """What could be recovered; ``notes`` are defects for ``ParsedEmail.defects``.

    ``keep_original``: part of the stream (the body) could not be read, so the caller keeps
    the winmail.dat as well as the files taken out of it.
    """

    files: tuple[TnefFile, ...] = ()
    text: str = ""
    html: str = ""
    notes: tuple[str, ...] = ()
    keep_original: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.files or self.text or self.html)


class _Undecodable(Exception):
    """The stream is not TNEF, or is cut or corrupted where a file's bytes are."""


class _TooComplex(Exception):
    """The stream asks for more work than any real message needs."""


@dataclass(slots=True)
class _Budget:
    """Work spent so far, shared with an attached Outlook item so that nesting adds none."""

    steps: int = 0  # loop iterations tnefparse will spend on MAPI blocks
    attributes: int = 0
    files: int = 0

    def spend(self, count: int) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise _TooComplex


@dataclass(frozen=True, slots=True)
class _Attribute:
    level: int
    ident: int
    encoded: bytes  # the attribute as it stood in the stream, checksum included
    value: bytes
    complete: bool
    checksum_ok: bool


def decode_tnef(data: bytes) -> TnefContent:
    """Files and body inside ``data``; empty content (with a note why) when it cannot be read."""
    try:
        return _decode(bytes(data), _Budget(), nested=False)
    except _TooComplex:
        return TnefContent(notes=("tnef-too-complex",))
    except Exception:  # _Undecodable, and whatever tnefparse raises on input it did not expect
        return TnefContent(notes=("tnef-undecodable",))


def _decode(data: bytes, budget: _Budget, *, nested: bool) -> TnefContent:
    """``nested``: an attached item's stream, whose files alone are wanted."""
    attributes = _attributes(data, budget)
    header = data[:6]
    notes = [] if all(a.complete for a in attributes) else ["tnef-truncated"]
    codepage = _DEFAULT_CODEPAGE  # tnefparse needs one before the attributes that use it
    message: list[bytes] = []
    mapi_blocks: list[bytes] = []
    groups: list[list[_Attribute]] = []
    for attribute in attributes:
        if attribute.ident == _ATT_OEM_CODEPAGE and attribute.level != _LEVEL_ATTACHMENT:
            codepage = attribute.encoded
        elif attribute.level == _LEVEL_ATTACHMENT and attribute.ident == _ATT_ATTACH_REND_DATA:
            groups.append([attribute])
        elif attribute.level == _LEVEL_ATTACHMENT and attribute.ident in _FILE_ATTRIBUTES:
            if not groups:
                raise _Undecodable  # a file attribute before any file began
            groups[-1].append(attribute)
        elif attribute.ident in _MESSAGE_ATTRIBUTES and attribute.level != _LEVEL_ATTACHMENT:
            if attribute.ident == _ATT_MAPI_PROPS:
                _measure_mapi(attribute.value, budget)
                mapi_blocks.append(attribute.value)
            message.append(codepage + attribute.encoded)
    budget.files += len(groups)
    if budget.files > MAX_FILES:
        raise _TooComplex
    files = [f for group in groups for f in _file(header, codepage, group, budget, notes, nested)]
    text = html = ""
    if message and not nested:
        text, html = _body(TNEF(header + b"".join(message), do_checksum=False), mapi_blocks, notes)
    return TnefContent(
        files=tuple(files),
        text=text,
        html=html,
        notes=tuple(dict.fromkeys(notes)),
        keep_original=any(n.startswith("tnef-rtf-") for n in notes),
    )


def _attributes(data: bytes, budget: _Budget) -> list[_Attribute]:
    """Split the stream into attributes the way tnefparse does, in one linear pass."""
    if len(data) < 6 or _U32.unpack_from(data)[0] != SIGNATURE:
        raise _Undecodable
    found: list[_Attribute] = []
    offset = 6
    while offset + 12 < len(data):  # tnefparse's own condition: shorter tails are ignored
        budget.attributes += 1
        if budget.attributes > MAX_ATTRIBUTES:
            raise _TooComplex
        level, ident, _, length = _HEADER.unpack_from(data, offset)
        if level not in (1, _LEVEL_ATTACHMENT):  # message or attachment: there is nothing else
            raise _Undecodable
        end = min(offset + 11 + length, len(data))
        value = data[offset + 9 : end - 2]
        (checksum,) = _U16.unpack_from(data, end - 2)
        found.append(
            _Attribute(
                level=level,
                ident=ident,
                encoded=data[offset:end],
                value=value,
                complete=offset + 11 + length <= len(data),
                checksum_ok=sum(value) & 0xFFFF == checksum,
            )
        )
        offset = end
    return found


def _file(
    header: bytes,
    codepage: bytes,
    group: list[_Attribute],
    budget: _Budget,
    notes: list[str],
    nested: bool,
) -> list[TnefFile]:
    """Decode one file (its attributes from attAttachRendData on) with tnefparse.

    An attached Outlook item gives the item itself and, one level deep only, its files.
    """
    for attribute in group:
        if attribute.ident == _ATT_ATTACH_DATA and not (
            attribute.complete and attribute.checksum_ok
        ):
            raise _Undecodable  # the file's own bytes are cut or damaged
    embedded = None
    for attribute in group:
        if attribute.ident == _ATT_ATTACHMENT:
            embedded = _measure_mapi(attribute.value, budget) or embedded
    if embedded is not None:
        # Never handed to tnefparse, which would recurse into it with none of the checks
        # above: the item is kept whole, and its own files are read here, one level deep.
        notes.append("tnef-embedded-message")
        title = next((a.value for a in group if a.ident == _ATT_ATTACH_TITLE), b"")
        name = _text(title, _codepage_name(codepage)) or "message"
        item = TnefFile(name=f"{name}.dat", content_type="application/ms-tnef", payload=embedded)
        return [item] if nested else [item, *_embedded_files(embedded, budget, notes)]
    parsed = TNEF(header + codepage + b"".join(a.encoded for a in group), do_checksum=False)
    if not parsed.attachments:
        return []
    attachment = parsed.attachments[0]
    name = _file_name(attachment, parsed.codepage)
    payload = attachment.data if isinstance(attachment.data, bytes) else b""
    if not name and not payload:
        return []
    mime_tag = _mapi_value(attachment, _PR_ATTACH_MIME_TAG)
    mime_tag = mime_tag.strip().lower() if isinstance(mime_tag, str) else ""
    guessed = mimetypes.guess_type(name, strict=False)[0] if name else None
    content_type = mime_tag if _MIME_TYPE.match(mime_tag) else guessed
    return [
        TnefFile(
            name=name, content_type=content_type or "application/octet-stream", payload=payload
        )
    ]


def _embedded_files(data: bytes, budget: _Budget, notes: list[str]) -> list[TnefFile]:
    """The files of an attached Outlook item (its own TNEF stream); the item stays whole."""
    try:
        content = _decode(data, budget, nested=True)
    except _TooComplex:
        raise  # the budget is shared: the stream around it is too complex as well
    except Exception:  # _Undecodable, or tnefparse on input it did not expect
        notes.append("tnef-embedded-undecodable")
        return []
    notes.extend(content.notes)
    return list(content.files)


def _file_name(attachment: object, codepage: str | None) -> str:
    """The long file name when Outlook recorded one, else the short title."""
    long_name = _mapi_value(attachment, _PR_ATTACH_LONG_FILENAME)
    if long_name:
        return _text(long_name, codepage)
    # tnefparse's own ``name`` decodes the title as UTF-8 and raises on anything else
    return _text(getattr(attachment, "_name", b""), codepage)


def _mapi_value(attachment: object, name: int) -> object:
    for prop in getattr(attachment, "mapi_attrs", ()):
        if prop.name == name:
            return prop.data
    return None


def _body(parsed: TNEF, mapi_blocks: list[bytes], notes: list[str]) -> tuple[str, str]:
    """Plain text and HTML; the compressed RTF only when the stream keeps neither."""
    codepage = parsed.codepage
    text = _text(parsed.body, codepage) if parsed.body else ""
    html = _text(parsed.htmlbody, codepage) if parsed.htmlbody else ""
    if not text.strip() and not html.strip():
        try:
            compressed = _rtf_compressed(mapi_blocks, codepage)
            body = read_compressed_rtf(compressed) if compressed is not None else None
        except RtfTooLarge:
            notes.append("tnef-rtf-too-large")
        except Exception:  # RtfError, or decode_mapi on input it did not expect: keep the files
            notes.append("tnef-rtf-unreadable")
        else:
            text, html = (body.text, body.html) if body else (text, html)
    return text.strip("\r\n"), html


def _rtf_compressed(mapi_blocks: list[bytes], codepage: str | None) -> bytes | None:
    """PR_RTF_COMPRESSED exactly as stored (tnefparse's own copy loses trailing zero bytes)."""
    found = None
    for block in mapi_blocks:  # already measured, so decode_mapi's loops are bounded
        for prop in decode_mapi(block, codepage or "cp1252"):
            if prop.name == _PR_RTF_COMPRESSED and prop.attr_type in _BINARY:
                found = b"".join(prop.raw_data)
    return found


def _text(value: object, codepage: str | None) -> str:
    if isinstance(value, bytes):
        value = decode_bytes_lenient(value, codepage)
    return str(value or "").replace("\x00", "")


def _codepage_name(encoded: bytes) -> str | None:
    if len(encoded) < 13:
        return None
    (number,) = _U32.unpack_from(encoded, 9)
    return {20127: "ascii", 28591: "iso-8859-1", 65001: "utf-8"}.get(number, f"cp{number}")


def _measure_mapi(block: bytes, budget: _Budget) -> bytes | None:
    """Walk a MAPI property list exactly as tnefparse's ``decode_mapi`` will, counting its loops.

    Why: decode_mapi takes property and value counts from the stream without checking them
    against the bytes left. Returns an embedded message's stream when the block carries one
    (tnefparse would recurse into it).
    """
    (count,) = _U32.unpack_from(block, 0)  # decode_mapi raises here too
    offset, index, embedded = 4, 0, None
    try:
        while index < count:
            if offset >= len(block):  # decode_mapi skips each remaining property in turn
                if count - index > MAX_SKIPPED:
                    raise _TooComplex
                break
            budget.spend(1)
            kind, name = struct.unpack_from("<HH", block, offset)
            offset += 4
            if name >= _NAMED:
                if offset + 16 > len(block):
                    break  # the GUID is cut: decode_mapi stops here
                (named,) = _U32.unpack_from(block, offset + 16)
                offset += 20
                (length,) = _U32.unpack_from(block, offset)
                offset += 4 if named == 0 else 4 + _padded(length)
            values = None
            if kind & _MULTI_VALUE:
                kind ^= _MULTI_VALUE
                (values,) = _U32.unpack_from(block, offset)
                offset += 4
            if kind in _FIXED_SIZES:
                budget.spend(values or 1)
                offset += (values or 1) * _FIXED_SIZES[kind]
            elif kind in _VARIABLE:
                offset, item = _measure_values(block, offset, values, budget)
                if name == _PR_ATTACH_DATA and kind in _BINARY and item.startswith(IMESSAGE_SIG):
                    embedded = item[len(IMESSAGE_SIG) :]
            else:
                break  # an unknown type: decode_mapi stops here
            if (values or 1) % 2 and kind in (_SHORT, _BOOLEAN):
                offset += 2
            index += 1
    except struct.error:  # reading past the end: decode_mapi stops at the same point
        pass
    return embedded


def _measure_values(
    block: bytes, offset: int, values: int | None, budget: _Budget
) -> tuple[int, bytes]:
    """Step over one variable-length property; returns the new offset and its exact bytes."""
    items: list[bytes] = []
    for _ in range(values or 1):  # every round reads a length, so struct.error ends it in time
        budget.spend(1)
        if values:
            count = 1
        else:
            (count,) = _U32.unpack_from(block, offset)
            offset += 4
        for _ in range(count):
            budget.spend(1)
            (length,) = _U32.unpack_from(block, offset)
            offset += 4
            items.append(block[offset : offset + length])  # without the padding after it
            offset += _padded(length)
    return offset, b"".join(items)


def _padded(length: int) -> int:
    return length + (-length % 4)
