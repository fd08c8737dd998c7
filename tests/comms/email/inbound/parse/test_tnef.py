"""Tests for ``comms.email.inbound.parse.tnef``: Outlook's winmail.dat, decoded or left alone.

The streams are built in ``tnef_streams.py`` from the format's description.
"""

from __future__ import annotations

import logging
import struct
import time
from email.message import EmailMessage

import pytest
from compressed_rtf import compress
from compressed_rtf.crc32 import crc32
from hypothesis import given, settings
from hypothesis import strategies as st

from comms.email.inbound.parse.tnef_streams import (
    ATT_ATTACH_REND_DATA,
    ATT_ATTACH_TITLE,
    ATT_ATTACHMENT,
    ATT_BODY,
    ATT_MAPI_PROPS,
    ATT_MESSAGE_CLASS,
    ATTACHMENT,
    BODY_ONLY,
    HTML_BODY,
    IMESSAGE_SIG,
    MESSAGE,
    PDF,
    PNG,
    PR_ATTACH_DATA,
    PR_BODY,
    PR_RTF_COMPRESSED,
    PT_BINARY,
    PT_OBJECT,
    PT_SHORT,
    PT_UNICODE,
    TWO_FILES,
    attribute,
    embedded_item,
    file_attributes,
    mapi_props,
    mapi_value,
    message_header,
    rtf_body,
    stream,
    unicode,
)
from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.parse.rtf import MAX_RTF_BYTES
from realdesk.comms.email.inbound.parse.tnef import (
    MAX_ATTRIBUTES,
    MAX_FILES,
    TnefContent,
    TnefFile,
    decode_tnef,
)


def test_two_files_come_out_with_their_names_types_and_bytes() -> None:
    content = decode_tnef(TWO_FILES)
    assert content.files == (
        TnefFile(name="Invoice März 2024.pdf", content_type="application/pdf", payload=PDF),
        TnefFile(name="photo.png", content_type="image/png", payload=PNG),
    )
    assert content.text == "Files attached."
    assert content.notes == ()


def test_reading_a_stream_logs_nothing_at_info(caplog) -> None:
    """tnefparse tells of every stream at INFO; the settings keep that out of the logs."""
    with caplog.at_level(logging.INFO):
        assert decode_tnef(TWO_FILES).files
    assert [r for r in caplog.records if r.name.startswith("tnefparse")] == []


def test_trailing_zero_bytes_of_a_file_are_kept() -> None:
    payload = b"PK\x03\x04" + b"\x00" * 9
    content = decode_tnef(stream(message_header(), file_attributes(b"a.zip", payload)))
    assert [f.payload for f in content.files] == [payload]


def test_outlooks_mime_tag_wins_over_the_extension() -> None:
    raw = stream(message_header(), file_attributes(b"scan", PDF, mime_tag="Application/PDF"))
    assert [(f.name, f.content_type) for f in decode_tnef(raw).files] == [
        ("scan", "application/pdf")
    ]


def test_a_short_title_in_the_oem_code_page_is_decoded() -> None:
    raw = stream(
        message_header(codepage=1252), file_attributes("Müller.txt".encode("cp1252"), b"x")
    )
    assert [f.name for f in decode_tnef(raw).files] == ["Müller.txt"]


def test_a_stream_without_a_code_page_still_gives_long_names() -> None:
    raw = stream(
        message_header(codepage=None), file_attributes(b"A~1.TXT", b"x", long_name="ä.txt")
    )
    assert [f.name for f in decode_tnef(raw).files] == ["ä.txt"]


def test_body_only_gives_the_text() -> None:
    assert decode_tnef(BODY_ONLY) == TnefContent(text="The printer is on fire.")


def test_mapi_body_gives_text_and_html_in_the_internet_code_page() -> None:
    content = decode_tnef(HTML_BODY)
    assert content.text == "Plain café"
    assert content.html == "<p>Rich <b>café</b></p><script>alert(1)</script>"  # parse sanitises


def test_a_stream_with_nothing_we_use_is_empty_without_a_note() -> None:
    content = decode_tnef(stream(message_header()))
    assert content.is_empty
    assert content.notes == ()


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x78\x9f\x3e\x22" + b"\x00" * 30, id="signature-then-zeros"),
        pytest.param(b"PK\x03\x04 not tnef at all", id="not-tnef"),
        pytest.param(TWO_FILES[:-40], id="truncated-inside-a-file"),
        pytest.param(
            TWO_FILES.replace(PDF, PDF.replace(b"1.4", b"1.7")), id="file-bytes-corrupted"
        ),
        pytest.param(
            stream(message_header(), attribute(ATTACHMENT, ATT_ATTACH_TITLE, b"a.txt\x00")),
            id="file-attribute-before-any-file",
        ),
        pytest.param(
            stream(message_header(), attribute(MESSAGE, ATT_MAPI_PROPS, b"\x01\x00\x00")),
            id="mapi-block-too-short",
        ),
    ],
)
def test_corrupt_or_truncated_tnef_gives_nothing_and_says_so(raw: bytes) -> None:
    assert decode_tnef(raw) == TnefContent(notes=("tnef-undecodable",))


def test_a_cut_attribute_after_the_files_keeps_the_files_with_a_note() -> None:
    cut = struct.pack("<BII", MESSAGE, ATT_MESSAGE_CLASS, 100) + b"IPM.Note" * 3  # 100 promised
    raw = TWO_FILES + cut
    content = decode_tnef(raw)
    assert [f.name for f in content.files] == ["Invoice März 2024.pdf", "photo.png"]
    assert content.notes == ("tnef-truncated",)


def test_an_attached_outlook_item_is_kept_whole() -> None:
    inner = stream(message_header(), attribute(MESSAGE, ATT_BODY, b"inner\x00"))
    props = mapi_props(mapi_value(PT_OBJECT, PR_ATTACH_DATA, IMESSAGE_SIG + inner))
    raw = stream(
        message_header(),
        attribute(ATTACHMENT, ATT_ATTACH_REND_DATA, b"\x00" * 14),
        attribute(ATTACHMENT, ATT_ATTACH_TITLE, b"Re: order\x00"),
        attribute(ATTACHMENT, ATT_ATTACHMENT, props),
    )
    content = decode_tnef(raw)
    assert content.files == (
        TnefFile(name="Re: order.dat", content_type="application/ms-tnef", payload=inner),
    )
    assert content.notes == ("tnef-embedded-message",)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            stream(message_header(), attribute(MESSAGE, ATT_MAPI_PROPS, b"\xff\xff\xff\xff")),
            id="four-billion-properties-in-four-bytes",
        ),
        pytest.param(
            stream(
                message_header(),
                attribute(
                    MESSAGE,
                    ATT_MAPI_PROPS,
                    struct.pack("<IHHI", 1, PT_SHORT | 0x1000, 0x0017, 0xFFFFFFFF),
                ),
            ),
            id="four-billion-values-of-one-property",
        ),
        pytest.param(
            stream(*[attribute(MESSAGE, ATT_BODY, b"x")] * (MAX_ATTRIBUTES + 2)),
            id="too-many-attributes",
        ),
        pytest.param(
            stream(message_header(), *[file_attributes(b"a", b"")] * 501), id="too-many-files"
        ),
    ],
)
def test_hostile_counts_are_refused_quickly(raw: bytes) -> None:
    started = time.perf_counter()
    assert decode_tnef(raw) == TnefContent(notes=("tnef-too-complex",))
    assert time.perf_counter() - started < 2


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    for raw in (data, struct.pack("<IH", 0x223E9F78, 0) + data):
        content = decode_tnef(raw)
        assert isinstance(content, TnefContent)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(TWO_FILES) - 1), st.integers(0, 255), st.integers(0, len(TWO_FILES)))
def test_damaged_real_streams_never_raise(position: int, byte: int, cut: int) -> None:
    damaged = TWO_FILES[:position] + bytes([byte]) + TWO_FILES[position + 1 :]
    for raw in (damaged, damaged[:cut]):
        content = decode_tnef(raw)
        assert isinstance(content, TnefContent)
        if content.is_empty:
            assert content.notes or raw[:4] == TWO_FILES[:4]  # the key after it is not checked


# -- a body kept only as compressed RTF (PR_RTF_COMPRESSED) ---------------------------------------

PLAIN_RTF = (
    rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}"
    rb"{\colortbl;\red0\green0\blue0;}{\*\generator Riched20 10.0;}"
    rb"\pard\f0\fs20 The printer is on fire\emdash again.\par Caf\'e9 {\b \u8364?12}\par}"
)
HTML_RTF = (  # HTML wrapped in RTF (MS-OXRTFEX), the way Outlook writes it
    rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}"
    rb"{\*\htmltag19 <html>}{\*\htmltag34 <body>}\htmlrtf {\htmlrtf0 "
    rb"{\*\htmltag64 <p>}Rich {\*\htmltag84 <b>}caf\'e9{\*\htmltag92 </b>}{\*\htmltag72 </p>}"
    rb"{\*\htmltag0 <script>alert(1)</script>}\htmlrtf\par\htmlrtf0 }\htmlrtf0 "
    rb"{\*\htmltag35 </body>}{\*\htmltag27 </html>}}"
)
RTF_NOTES = {"tnef-rtf-unreadable", "tnef-rtf-too-large"}


def _email_with(tnef: bytes) -> bytes:
    """An email whose only part is the winmail.dat, so its body can come from there alone."""
    message = EmailMessage()
    message["From"] = "customer@example.org"
    message["Subject"] = "Printer"
    message.add_attachment(tnef, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return message.as_bytes()


def _lzfu(body: bytes, *, raw_size: int) -> bytes:
    """A compressed RTF header with a correct CRC around ``body`` (LZFu tokens)."""
    header = struct.pack("<II", len(body) + 12, raw_size) + b"LZFu"
    return header + struct.pack("<I", crc32(body)) + body


def test_plain_rtf_body_gives_the_text() -> None:
    content = decode_tnef(rtf_body(compress(PLAIN_RTF)))
    assert content == TnefContent(text="The printer is on fire\u2014again.\nCafé €12")


def test_rtf_wrapping_html_gives_the_html_and_parse_sanitises_it() -> None:
    tnef = rtf_body(compress(HTML_RTF))
    assert decode_tnef(tnef).html == (
        "<html><body><p>Rich <b>café</b></p><script>alert(1)</script></body></html>"
    )
    parsed = parse_message(_email_with(tnef))
    assert "<b>café</b>" in parsed.html
    assert "script" not in parsed.html
    assert parsed.text == "Rich café"
    assert parsed.attachments == ()


def test_rtf_stored_uncompressed_is_read_too() -> None:
    content = decode_tnef(rtf_body(compress(PLAIN_RTF, compressed=False)))
    assert content.text.startswith("The printer is on fire")


def test_a_compressed_rtf_ending_in_a_zero_byte_is_read_whole() -> None:
    # tnefparse drops trailing zero bytes from binary properties: the CRC would then fail
    compressed = compress(PLAIN_RTF + b" " * 15)  # this length ends on an end marker 0x..00
    assert compressed.endswith(b"\x00")
    assert decode_tnef(rtf_body(compressed)).text.startswith("The printer is on fire")


def test_a_plain_body_wins_over_the_rtf_which_is_not_read() -> None:
    props = mapi_props(
        mapi_value(PT_UNICODE, PR_BODY, unicode("Plain body")),
        mapi_value(PT_BINARY, PR_RTF_COMPRESSED, b"not compressed RTF at all"),
    )
    raw = stream(message_header(), attribute(MESSAGE, ATT_MAPI_PROPS, props))
    assert decode_tnef(raw) == TnefContent(text="Plain body")


@pytest.mark.parametrize(
    "compressed",
    [
        pytest.param(compress(PLAIN_RTF)[:20] + b"!" + compress(PLAIN_RTF)[21:], id="crc-fails"),
        pytest.param(compress(PLAIN_RTF)[:-9], id="cut"),
        pytest.param(compress(b"{\\rtf1 " + b"{" * 600 + b"}"), id="nested-too-deeply"),
        pytest.param(compress(b"plain text, not RTF"), id="not-rtf"),
        pytest.param(b"LZFu", id="shorter-than-a-header"),
        pytest.param(_lzfu(b"\x01\x00", raw_size=0), id="half-a-reference"),
        pytest.param(compress(PLAIN_RTF).replace(b"LZFu", b"ZZZZ"), id="unknown-compression"),
    ],
)
def test_unreadable_rtf_keeps_the_files_and_the_winmail_dat(compressed: bytes) -> None:
    tnef = rtf_body(compressed, file_attributes(b"scan.pdf", PDF))
    content = decode_tnef(tnef)
    assert content.files == (
        TnefFile(name="scan.pdf", content_type="application/pdf", payload=PDF),
    )
    assert (content.text, content.html) == ("", "")
    assert content.notes == ("tnef-rtf-unreadable",)
    assert content.keep_original
    parsed = parse_message(_email_with(tnef))
    assert [(a.filename, a.payload) for a in parsed.attachments] == [
        ("scan.pdf", PDF),
        ("winmail.dat", tnef),  # the only copy of the body is not lost
    ]
    assert "tnef-rtf-unreadable" in parsed.defects


def _references(count: int) -> bytes:
    """LZFu tokens that each copy 17 bytes and never hit the end marker: 17 out per 2 in."""
    out, write = bytearray(), 207
    for _ in range(count // 8):
        out.append(0xFF)
        for _ in range(8):
            out += struct.pack(">H", ((write + 100) % 4096) << 4 | 15)
            write = (write + 17) % 4096
    return bytes(out)


@pytest.mark.parametrize(
    "compressed",
    [
        pytest.param(_lzfu(b"\x00" * 64, raw_size=0xFFFFFFF0), id="declares-four-gigabytes"),
        pytest.param(_lzfu(b"", raw_size=MAX_RTF_BYTES + 1), id="declares-just-over-the-cap"),
        pytest.param(_lzfu(_references(200_000), raw_size=1000), id="writes-more-than-declared"),
        pytest.param(
            _lzfu(_references(200_000), raw_size=MAX_RTF_BYTES), id="writes-more-than-the-cap"
        ),
    ],
)
def test_a_decompression_bomb_is_refused_before_it_is_decompressed(compressed: bytes) -> None:
    tnef = rtf_body(compressed, file_attributes(b"scan.pdf", PDF))
    started = time.perf_counter()
    content = decode_tnef(tnef)
    assert time.perf_counter() - started < 0.5  # decompressing the last two takes seconds
    assert [f.name for f in content.files] == ["scan.pdf"]
    assert content.notes == ("tnef-rtf-too-large",)
    assert content.keep_original


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 2000))
def test_random_compressed_rtf_never_raises(data: bytes, raw_size: int) -> None:
    for compressed in (data, _lzfu(data, raw_size=raw_size), compress(data, compressed=False)):
        content = decode_tnef(rtf_body(compressed, file_attributes(b"a.pdf", PDF)))
        assert [f.payload for f in content.files] == [PDF]
        assert set(content.notes) <= RTF_NOTES
        assert content.keep_original == bool(content.notes)


_COMPRESSED_HTML = compress(HTML_RTF)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(_COMPRESSED_HTML) - 1), st.integers(0, 255))
def test_damaged_compressed_rtf_never_raises(position: int, byte: int) -> None:
    damaged = _COMPRESSED_HTML[:position] + bytes([byte]) + _COMPRESSED_HTML[position + 1 :]
    content = decode_tnef(rtf_body(damaged))
    assert isinstance(content, TnefContent)
    assert set(content.notes) <= RTF_NOTES


# -- the files of an attached Outlook item ---------------------------------------------------------


def test_the_files_of_an_attached_outlook_item_come_out_beside_it() -> None:
    inner = stream(
        message_header(),
        attribute(MESSAGE, ATT_BODY, b"See the invoice.\x00"),
        file_attributes(b"invoice.pdf", PDF),
        file_attributes(b"photo.png", PNG),
    )
    content = decode_tnef(stream(message_header(), embedded_item(b"Fwd: invoice", inner)))
    assert content.files == (
        TnefFile(name="Fwd: invoice.dat", content_type="application/ms-tnef", payload=inner),
        TnefFile(name="invoice.pdf", content_type="application/pdf", payload=PDF),
        TnefFile(name="photo.png", content_type="image/png", payload=PNG),
    )
    assert content.notes == ("tnef-embedded-message",)


def test_only_one_level_of_attached_items_is_opened() -> None:
    deepest = stream(message_header(), file_attributes(b"deep.pdf", PDF))
    middle = stream(
        message_header(), embedded_item(b"inner", deepest), file_attributes(b"mid.png", PNG)
    )
    content = decode_tnef(stream(message_header(), embedded_item(b"outer", middle)))
    assert [f.name for f in content.files] == ["outer.dat", "inner.dat", "mid.png"]
    assert content.files[1].payload == deepest  # kept whole, not opened


def test_an_unreadable_attached_item_is_still_kept_whole() -> None:
    inner = stream(message_header(), file_attributes(b"a.pdf", PDF))[:-10]  # cut in the file
    content = decode_tnef(stream(message_header(), embedded_item(b"item", inner)))
    assert content.files == (
        TnefFile(name="item.dat", content_type="application/ms-tnef", payload=inner),
    )
    assert content.notes == ("tnef-embedded-message", "tnef-embedded-undecodable")


def test_files_inside_attached_items_count_towards_the_file_limit() -> None:
    inner = stream(message_header(), *[file_attributes(b"a", b"")] * (MAX_FILES // 2))
    started = time.perf_counter()
    content = decode_tnef(stream(message_header(), *[embedded_item(b"i", inner)] * 3))
    assert content == TnefContent(notes=("tnef-too-complex",))
    assert time.perf_counter() - started < 2
