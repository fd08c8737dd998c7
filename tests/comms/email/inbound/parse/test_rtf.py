"""Tests for ``comms.email.inbound.parse.rtf``: Outlook's compressed RTF body, read or refused.

The RTF samples are written by hand from the RTF 1.9.1 and MS-OXRTFEX descriptions.
"""

from __future__ import annotations

import struct

import pytest
from compressed_rtf import compress
from hypothesis import given, settings
from hypothesis import strategies as st

from realdesk.comms.email.inbound.parse.rtf import (
    MAX_DEPTH,
    RtfBody,
    RtfError,
    decompress_rtf,
    read_compressed_rtf,
    read_rtf,
)

HEAD = rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}"
HTML_HEAD = rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}"


@pytest.mark.parametrize(
    ("rtf", "expected"),
    [
        pytest.param(HEAD + rb"One\par Two\tab three}", "One\nTwo\tthree", id="paragraphs"),
        pytest.param(HEAD + rb"caf\'e9 \{x\} a\\b\~c}", "café {x} a\\b\xa0c", id="escapes"),
        pytest.param(HEAD + rb"\u8364?5 \uc2\u8364\'3f\'3f!}", "€5 €!", id="unicode-fallbacks"),
        pytest.param(HEAD + rb"\u-10179?\u-8704?}", "\U0001f600", id="surrogate-pair"),
        pytest.param(
            rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f1\fnil\fcharset204 Arial Cyr;}}"
            rb"{\f1 \'cf\'f0\'e8}}",
            "При",
            id="font-charset",
        ),
        pytest.param(rb"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8}", "При", id="document-code-page"),
        pytest.param(HEAD + rb"a\bin3 }}}b}", "ab", id="binary-skipped"),
        pytest.param(
            HEAD + rb"{\colortbl;\red0\green0\blue0;}{\*\generator W;}{\info{\title T}}x}",
            "x",
            id="hidden-destinations",
        ),
        pytest.param(
            HEAD + rb"{\field{\*\fldinst{HYPERLINK \"http://x\"}}{\fldrslt{the link}}}}",
            "the link",
            id="field-shows-its-result",
        ),
        pytest.param(HEAD + rb"in}after the document", "in", id="stops-at-its-end"),
        pytest.param(
            rb"{\rtf1\ansi\fromtext \htmlrtf{\b\htmlrtf0 plain text\htmlrtf}\htmlrtf0\par}",
            "plain text\n",
            id="wrapped-plain-text",
        ),
    ],
)
def test_rtf_gives_its_visible_text(rtf: bytes, expected: str) -> None:
    assert read_rtf(rtf) == RtfBody(text=expected)


@pytest.mark.parametrize(
    ("rtf", "expected"),
    [
        pytest.param(
            HTML_HEAD + rb"{\*\htmltag64 <p>}a\htmlrtf \par\htmlrtf0 {\*\htmltag72 </p>}}",
            "<p>a</p>",
            id="rtf-only-parts-dropped",
        ),
        pytest.param(
            HTML_HEAD + rb"\htmlrtf {\htmlrtf0 in}out\htmlrtf0 back}",
            "inback",
            id="htmlrtf-is-scoped-to-its-group",
        ),
        pytest.param(
            HTML_HEAD + rb"{\*\mhtmltag84 <img src=x>}{\*\htmltag84 <img src=cid:1>}}",
            "<img src=cid:1>",
            id="mhtmltag-ignored",
        ),
        pytest.param(
            HTML_HEAD + rb"{\*\htmltag2 \par }{\*\htmltag0 &nbsp;\{\}}}",
            "\r\n&nbsp;{}",
            id="tags-keep-line-ends-and-escapes",
        ),
    ],
)
def test_rtf_wrapping_html_gives_the_html(rtf: bytes, expected: str) -> None:
    assert read_rtf(rtf) == RtfBody(html=expected)


def test_htmltag_outside_wrapped_html_is_hidden() -> None:
    assert read_rtf(HEAD + rb"{\*\htmltag64 <p>}x}") == RtfBody(text="x")


@pytest.mark.parametrize(
    "rtf",
    [
        pytest.param(b"plain text", id="not-rtf"),
        pytest.param(b"{\\rtf1 " + b"{" * (MAX_DEPTH + 1), id="nested-too-deeply"),
    ],
)
def test_rtf_that_cannot_be_read_raises_rtf_error(rtf: bytes) -> None:
    with pytest.raises(RtfError):
        read_rtf(rtf)


def test_output_a_little_past_the_declared_size_is_dropped() -> None:
    rtf = HEAD + b"Hello}"
    compressed = bytearray(compress(rtf))
    struct.pack_into("<I", compressed, 4, len(rtf) - 1)  # the CRC covers the tokens only
    assert decompress_rtf(bytes(compressed)) == rtf[:-1]


def test_uncompressed_rtf_must_have_a_zero_crc() -> None:
    stored = bytearray(compress(HEAD + b"x}", compressed=False))
    stored[12] = 1
    with pytest.raises(RtfError):
        decompress_rtf(bytes(stored))


def test_a_library_failure_becomes_an_rtf_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes) -> bytes:
        raise ValueError("bug")

    monkeypatch.setattr("realdesk.comms.email.inbound.parse.rtf.decompress", broken)
    with pytest.raises(RtfError):
        read_compressed_rtf(compress(HEAD + b"x}"))


_PIECES = st.sampled_from(
    [b"{", b"}", b"\\par ", b"\\'e9", b"\\'", b"\\u-10179", b"\\u8364?", b"\\uc3", b"\\*",
     b"\\htmltag1 ", b"\\mhtmltag", b"\\htmlrtf", b"\\htmlrtf0", b"\\bin4 ", b"\\bin-9",
     b"\\fromhtml1", b"\\fonttbl", b"\\f1", b"\\fcharset204", b"\\ansicpg65001",
     b"\\ansicpg99999", b"\\", b"\\\n", b"text", b"<b>", b"\x00", b"\xff", b"\r\n", b" "]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.binary(max_size=40))
def test_random_rtf_never_raises_anything_else_and_never_grows(
    pieces: list[bytes], tail: bytes
) -> None:
    rtf = b"{\\rtf1 " + b"".join(pieces) + tail
    try:
        body = read_rtf(rtf)
    except RtfError:
        return
    assert len(body.text) + len(body.html) <= len(rtf)
