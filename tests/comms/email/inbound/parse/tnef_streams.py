"""Build TNEF streams (winmail.dat) for the tests, from the format's description (MS-OXTNEF).

Why our own: the sample files that ship with tnefparse are LGPL and carry real people's
mail; these streams are small, readable and say exactly what they contain.
"""

from __future__ import annotations

import struct

SIGNATURE = 0x223E9F78
MESSAGE, ATTACHMENT = 1, 2
# attribute = id | type << 16 (types: 1 string, 2 text, 6 byte, 8 dword)
ATT_TNEF_VERSION = 0x00089006
ATT_OEM_CODEPAGE = 0x00069007
ATT_MESSAGE_CLASS = 0x00078008
ATT_BODY = 0x0002800C
ATT_MAPI_PROPS = 0x00069003
ATT_ATTACH_REND_DATA = 0x00069002
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACHMENT = 0x00069005
# MAPI property types and ids
PT_SHORT, PT_LONG, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x0002, 0x0003, 0x001F, 0x0102, 0x000D
PR_BODY, PR_BODY_HTML, PR_INTERNET_CPID = 0x1000, 0x1013, 0x3FDE
PR_RTF_COMPRESSED = 0x1009
PR_ATTACH_DATA, PR_ATTACH_LONG_FILENAME, PR_ATTACH_MIME_TAG = 0x3701, 0x3707, 0x370E
IMESSAGE_SIG = b"\x07\x03\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46"


def attribute(level: int, attr: int, data: bytes, *, checksum: int | None = None) -> bytes:
    """level, attribute (id and type), length, data, then the sum of the data bytes."""
    check = sum(data) & 0xFFFF if checksum is None else checksum
    return struct.pack("<BII", level, attr, len(data)) + data + struct.pack("<H", check)


def stream(*attributes: bytes, key: int = 0x1234) -> bytes:
    return struct.pack("<IH", SIGNATURE, key) + b"".join(attributes)


def message_header(*, codepage: int | None = 1252) -> bytes:
    """What Outlook writes first: version, code page, message class."""
    head = attribute(MESSAGE, ATT_TNEF_VERSION, struct.pack("<I", 0x00010000))
    if codepage is not None:
        head += attribute(MESSAGE, ATT_OEM_CODEPAGE, struct.pack("<II", codepage, 0))
    return head + attribute(MESSAGE, ATT_MESSAGE_CLASS, b"IPM.Microsoft Mail.Note\x00")


def mapi_value(prop_type: int, prop_id: int, value: bytes | int) -> bytes:
    """One MAPI property: type, id, then the value (variable ones counted, all padded to 4)."""
    head = struct.pack("<HH", prop_type, prop_id)
    if isinstance(value, int):
        size = 2 if prop_type == PT_SHORT else 4
        return head + value.to_bytes(size, "little") + b"\x00" * (-size % 4)
    return head + struct.pack("<II", 1, len(value)) + value + b"\x00" * (-len(value) % 4)


def mapi_props(*props: bytes, count: int | None = None) -> bytes:
    return struct.pack("<I", len(props) if count is None else count) + b"".join(props)


def unicode(text: str) -> bytes:
    return (text + "\x00").encode("utf-16-le")


def file_attributes(
    title: bytes, payload: bytes, *, long_name: str | None = None, mime_tag: str | None = None
) -> bytes:
    """One attached file the way Outlook writes it: rendering, title, data, then MAPI props."""
    rendering = struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0, 0, 0)  # a file, not shown in the body
    props = []
    if long_name is not None:
        props.append(mapi_value(PT_UNICODE, PR_ATTACH_LONG_FILENAME, unicode(long_name)))
    if mime_tag is not None:
        props.append(mapi_value(PT_UNICODE, PR_ATTACH_MIME_TAG, unicode(mime_tag)))
    return (
        attribute(ATTACHMENT, ATT_ATTACH_REND_DATA, rendering)
        + attribute(ATTACHMENT, ATT_ATTACH_TITLE, title + b"\x00")
        + attribute(ATTACHMENT, ATT_ATTACH_DATA, payload)
        + (attribute(ATTACHMENT, ATT_ATTACHMENT, mapi_props(*props)) if props else b"")
    )


def rtf_body(compressed: bytes, *rest: bytes) -> bytes:
    """A message whose only body is compressed RTF (MS-OXRTFCP), as Outlook often sends."""
    props = mapi_props(mapi_value(PT_BINARY, PR_RTF_COMPRESSED, compressed))
    return stream(message_header(), attribute(MESSAGE, ATT_MAPI_PROPS, props), *rest)


def embedded_item(title: bytes, inner: bytes) -> bytes:
    """An attached Outlook item: its own TNEF stream, after the IMessage interface id."""
    props = mapi_props(mapi_value(PT_OBJECT, PR_ATTACH_DATA, IMESSAGE_SIG + inner))
    return (
        attribute(ATTACHMENT, ATT_ATTACH_REND_DATA, b"\x00" * 14)
        + attribute(ATTACHMENT, ATT_ATTACH_TITLE, title + b"\x00")
        + attribute(ATTACHMENT, ATT_ATTACHMENT, props)
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40)) + b"\x00\x00"

TWO_FILES = stream(
    message_header(),
    attribute(MESSAGE, ATT_BODY, b"Files attached.\r\n\x00"),
    file_attributes(b"INVOIC~1.PDF", PDF, long_name="Invoice März 2024.pdf"),
    file_attributes(b"photo.png", PNG),
)
BODY_ONLY = stream(message_header(), attribute(MESSAGE, ATT_BODY, b"The printer is on fire.\x00"))
HTML_BODY = stream(
    message_header(),
    attribute(
        MESSAGE,
        ATT_MAPI_PROPS,
        mapi_props(
            mapi_value(PT_LONG, PR_INTERNET_CPID, 65001),
            mapi_value(PT_UNICODE, PR_BODY, unicode("Plain café")),
            mapi_value(
                PT_BINARY,
                PR_BODY_HTML,
                "<p>Rich <b>café</b></p><script>alert(1)</script>".encode(),
            ),
        ),
    ),
)
