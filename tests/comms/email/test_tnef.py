"""Tests for ``realdesk.comms.email.tnef``: Outlook's winmail.dat, decoded or left alone.

The streams are built in ``tnef_streams.py`` from the format's description.
"""

from __future__ import annotations

import struct
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comms.email.tnef_streams import (
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
    PT_OBJECT,
    PT_SHORT,
    TWO_FILES,
    attribute,
    file_attributes,
    mapi_props,
    mapi_value,
    message_header,
    stream,
)
from realdesk.comms.email.tnef import MAX_ATTRIBUTES, TnefContent, TnefFile, decode_tnef


def test_two_files_come_out_with_their_names_types_and_bytes() -> None:
    content = decode_tnef(TWO_FILES)
    assert content.files == (
        TnefFile(name="Invoice März 2024.pdf", content_type="application/pdf", payload=PDF),
        TnefFile(name="photo.png", content_type="image/png", payload=PNG),
    )
    assert content.text == "Files attached."
    assert content.notes == ()


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
