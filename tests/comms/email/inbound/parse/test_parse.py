"""Tests for ``comms.email.inbound.parse.message``: robust, strict where it matters, never raising.

The table-driven corpus test reads the 48 messages of CPython's email test suite from
``shared/data/cpython_test_email/data`` (CPython 3.13 ``Lib/test/test_email/data``,
PSF-2.0 licence, see ``UPSTREAM_LICENSE.txt`` there): malformed MIME, RFC 2047/2231,
nested message/rfc822, DSNs. ``oracle_cpython313.json`` beside it is the stdlib's own
parse and is used only for consistency (subject and sender), not as ground truth.
All other messages below are written here, as bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from datetime import UTC, datetime, timedelta, timezone
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comms.email.inbound.parse import tnef_streams
from realdesk.comms.email.inbound.parse.addresses import clean_text
from realdesk.comms.email.inbound.parse.message import MAX_TEXT_CHARS, ParsedEmail, parse_message
from support.services import SHARED_DATA, needs_shared

CPYTHON = SHARED_DATA / "cpython_test_email"
CORPUS = sorted((CPYTHON / "data").glob("msg_*.txt")) if CPYTHON.is_dir() else []
ORACLE = (
    {c["file"]: c for c in json.loads((CPYTHON / "oracle_cpython313.json").read_text())["cases"]}
    if CPYTHON.is_dir()
    else {}
)


def msg(*lines: str | bytes, body: str | bytes = "Hello\n") -> bytes:
    """Build a raw message from header lines and a body (CRLF line ends, like the wire)."""
    head = b"".join((x if isinstance(x, bytes) else x.encode()) + b"\r\n" for x in lines)
    raw_body = body if isinstance(body, bytes) else body.encode()
    return head + b"\r\n" + raw_body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


BASIC = msg(
    "From: Alice Example <Alice@Example.COM>",
    "To: Support <support@desk.example>, BOB@example.org",
    "Cc: carol@example.net",
    "Subject: Printer on fire",
    "Date: Tue, 02 Apr 2024 10:15:00 +0200",
    "Message-ID: <abc.123@mail.example.com>",
    "In-Reply-To: <parent@desk.example>",
    "References: <root@desk.example>\r\n <parent@desk.example>",
)


# -- corpus ----------------------------------------------------------------------------------------
@needs_shared("cpython_test_email")
def test_corpus_is_present() -> None:
    assert len(CORPUS) == 48


@needs_shared("cpython_test_email")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_cpython_corpus_parses(path: Path) -> None:
    raw = path.read_bytes()
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedEmail)
    assert parsed.content_hash == hashlib.sha256(raw).hexdigest()
    oracle = ORACLE.get(f"data/{path.name}", {})
    if oracle.get("subject") is not None:
        assert parsed.subject == clean_text(oracle["subject"])
    if parsed.from_address is not None:
        assert parsed.from_address in oracle.get("from", "").lower()
    assert "\n" not in parsed.subject
    assert "\r" not in parsed.subject


@needs_shared("cpython_test_email/data/msg_16.txt")
def test_corpus_dsn_keeps_delivery_status_and_original() -> None:
    parsed = parse_message((CPYTHON / "data" / "msg_16.txt").read_bytes())
    types = [a.content_type for a in parsed.attachments]
    assert (parsed.content_type, parsed.report_type) == ("multipart/report", None)  # no param
    assert types == ["message/delivery-status", "message/rfc822"]
    assert b"Action: failed" in parsed.attachments[0].payload


# -- headers ---------------------------------------------------------------------------------------
def test_basic_fields() -> None:
    parsed = parse_message(BASIC)
    assert parsed.message_id == "abc.123@mail.example.com"
    assert parsed.in_reply_to == "parent@desk.example"
    assert parsed.references == ("root@desk.example", "parent@desk.example")
    assert parsed.subject == "Printer on fire"
    assert (parsed.from_address, parsed.from_name) == ("alice@example.com", "Alice Example")
    assert parsed.to == ("support@desk.example", "bob@example.org")
    assert parsed.cc == ("carol@example.net",)
    assert parsed.date == datetime(2024, 4, 2, 8, 15, tzinfo=UTC)
    assert parsed.date.utcoffset() == timedelta(hours=2)
    assert parsed.text == "Hello"
    assert parsed.defects == ()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("=?UTF-8?B?w4ljaGFuZ2Ugw6AgbWlkaQ==?=", "Échange à midi"),
        ("=?iso-8859-1?q?Caf=E9_cr=E8me?=", "Café crème"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?iso-2022-jp?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは"),
        ("=?utf-8?q?Re:_?= =?utf-8?q?caf=C3=A9?=", "Re: café"),  # adjacent words join
        ("=?gb2312?B?1tDOxA==?= subject", "中文 subject"),
        ("=?x-unknown-charset?q?abc?= tail", None),  # must not raise; content is best effort
    ],
)
def test_rfc2047_subjects(header: str, expected: str | None) -> None:
    parsed = parse_message(msg("From: a@example.com", f"Subject: {header}"))
    if expected is not None:
        assert parsed.subject == expected
    else:
        assert parsed.subject.endswith("tail")


def test_raw_utf8_header_is_decoded() -> None:
    parsed = parse_message(
        msg(b"From: J\xc3\xb6rg <j@example.de>", b"Subject: Gr\xc3\xbc\xc3\x9fe")
    )
    assert parsed.subject == "Grüße"
    assert parsed.from_name == "Jörg"


@pytest.mark.parametrize(
    "subject_line",
    [
        b"Subject: Hello\r\n\tBcc: victim@example.com",  # folded header
        b"Subject: =?utf-8?q?Hello=0D=0ABcc:_victim@example.com?=",  # encoded CR LF
        b"Subject: Hello\xe2\x80\xa8Bcc: victim@example.com",  # U+2028 line separator
        b"Subject: Hello\x0bBcc:\x00 victim@example.com",  # control characters
    ],
)
def test_subject_cannot_inject_headers(subject_line: bytes) -> None:
    parsed = parse_message(msg(b"From: a@example.com", subject_line))
    assert parsed.subject.startswith("Hello")
    assert "victim@example.com" in parsed.subject
    assert not any(c in parsed.subject for c in "\r\n\x00\x0b\u2028\u2029")


def test_bidi_override_removed_from_subject_and_name() -> None:
    parsed = parse_message(
        msg("From: =?utf-8?q?Eve_=E2=80=AEgnp.exe?= <eve@example.com>", "Subject: a\u202eb")
    )
    assert "\u202e" not in parsed.subject
    assert parsed.from_name is not None
    assert "\u202e" not in parsed.from_name


def test_missing_message_id_gets_content_hash() -> None:
    raw = msg("From: a@example.com", "Subject: no id")
    parsed = parse_message(raw)
    assert parsed.message_id is None
    assert "missing-message-id" in parsed.defects
    assert parsed.content_hash == hashlib.sha256(raw).hexdigest()
    assert parse_message(raw + b"x").content_hash != parsed.content_hash


@pytest.mark.parametrize(
    "from_value",
    [
        "a@evil@victim.com",
        "Alice <a@evil@victim.com>",
        "alice@example.com <bob@evil.com>",
        "a@example.com, b@example.com",
        "Alice <alice@example.com>, Bob <bob@example.com>",
        "<>",
        "undisclosed-recipients:;",
        "Alice <alice@exa mple.com>",
        "not an address",
    ],
)
def test_ambiguous_or_invalid_sender_yields_no_address(from_value: str) -> None:
    parsed = parse_message(msg(f"From: {from_value}", "Subject: x"))
    assert parsed.from_address is None
    assert any(d.startswith("sender-") or d == "address-parser-error" for d in parsed.defects)


@pytest.mark.parametrize(
    ("header", "value"),
    [("Message-ID", "<[>"), ("Message-ID", "<a@[b>"), ("From", "<a@[b>"), ("From", "<"),
     ("To", '"'), ("In-Reply-To", "<@[1.2.3.4]>")],
)  # fmt: skip
def test_headers_that_crash_the_modern_policy_fall_back(header: str, value: str) -> None:
    """These values raise inside CPython 3.11's header registry (IndexError/AttributeError)."""
    parsed = parse_message(msg(f"{header}: {value}", "Subject: still parsed", body="body\n"))
    assert parsed.subject == "still parsed"
    assert parsed.text == "body"
    if header == "From":
        assert parsed.from_address is None
    if header == "Message-ID":
        assert "header-fallback:message-id" in parsed.defects


def test_cp1252_raw_header_is_decoded() -> None:
    assert parse_message(msg(b"Subject: Gr\xfc\xdfe \x80 5")).subject == "Grüße € 5"


def test_two_from_headers_are_rejected() -> None:
    parsed = parse_message(msg("From: a@example.com", "From: b@example.com"))
    assert parsed.from_address is None
    assert "multiple-from-headers" in parsed.defects


def test_encoded_display_name_and_comment_form() -> None:
    parsed = parse_message(msg("From: =?utf-8?q?J=C3=B6rg?= <Joerg@Example.DE>"))
    assert (parsed.from_address, parsed.from_name) == ("joerg@example.de", "Jörg")
    assert parse_message(msg("From: bob@example.com (Bob)")).from_address == "bob@example.com"


def test_display_name_that_looks_like_another_address_is_flagged() -> None:
    parsed = parse_message(msg('From: "ceo@bank.example" <mallory@evil.example>'))
    assert parsed.from_address == "mallory@evil.example"
    assert "display-name-looks-like-other-address" in parsed.defects


def test_loop_protection_headers() -> None:
    parsed = parse_message(
        msg(
            "From: Out Of Office <ooo@example.com>",
            "Auto-Submitted: Auto-Replied",
            "Precedence: Bulk",
            "List-Id: Team list <team.example.com>",
            "List-Unsubscribe: <mailto:leave@example.com>",
            "Return-Path: <>",
            "X-Autoreply: yes",
            "X-Auto-Response-Suppress: All",
            "X-Failed-Recipients: Gone@Example.org, other@example.org",
            "X-Loop: helpdesk@desk.example",
        )
    )
    assert parsed.auto_submitted == "auto-replied"
    assert parsed.precedence == "bulk"
    assert parsed.list_id == "Team list <team.example.com>"
    assert parsed.list_unsubscribe is True
    assert parsed.return_path == ""
    assert parsed.x_autoreply is True
    assert parsed.x_auto_response_suppress == "all"
    assert parsed.x_failed_recipients == ("gone@example.org", "other@example.org")
    assert parsed.x_loop == ("helpdesk@desk.example",)


def test_absent_loop_headers_are_none() -> None:
    parsed = parse_message(BASIC)
    assert parsed.return_path is None
    assert parsed.auto_submitted is None
    assert parsed.precedence is None
    assert not parsed.x_autoreply
    assert not parsed.list_unsubscribe
    assert (
        parse_message(msg("Return-Path: <Bounce@Example.com>")).return_path == "bounce@example.com"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 1 Jan 2024 12:00:00 -0000", datetime(2024, 1, 1, 12, tzinfo=UTC)),
        ("1 Jan 2024 12:00 +0530", datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=5.5)))),
        ("yesterday at noon", None),
        ("Wed, 1 Jan 1800 00:00:00 +0000", None),
    ],
)
def test_dates(value: str, expected: datetime | None) -> None:
    parsed = parse_message(msg(f"Date: {value}"))
    assert parsed.date == expected
    if expected is None:
        assert any("date" in d for d in parsed.defects)
    else:
        assert parsed.date is not None
        assert parsed.date.tzinfo is not None


# -- bodies ----------------------------------------------------------------------------------------
def test_unknown_charset_falls_back_without_raising() -> None:
    raw = msg(
        "From: a@example.com",
        'Content-Type: text/plain; charset="x-klingon"',
        "Content-Transfer-Encoding: 8bit",
        body=b"caf\xc3\xa9 ok\n",
    )
    parsed = parse_message(raw)
    assert parsed.text == "café ok"
    assert "unknown-charset:x-klingon" in parsed.defects


def test_wrong_charset_label_is_repaired() -> None:
    raw = msg("Content-Type: text/plain; charset=us-ascii", body=b"na\xefve \x93quote\x94\n")
    parsed = parse_message(raw)
    assert parsed.text == "naïve “quote”"  # undeclared 8-bit decoded as windows-1252
    assert any(d.startswith("charset-mismatch") for d in parsed.defects)


def test_nul_bytes_are_removed() -> None:
    parsed = parse_message(msg("Content-Type: text/plain; charset=utf-8", body=b"a\x00b\n"))
    assert parsed.text == "ab"
    assert "nul-removed" in parsed.defects


def test_format_flowed_is_unwrapped() -> None:
    raw = msg(
        "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=no",
        body="This line is \nsoft wrapped.\n> quoted \n> too\n From space-stuffed\n-- \nsig\n",
    )
    assert parse_message(raw).text == (
        "This line is soft wrapped.\n> quoted too\nFrom space-stuffed\n-- \nsig"
    )


def test_html_only_message_is_sanitised_and_rendered_to_text() -> None:
    html = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        '<p onclick="steal()">Hello <b>there</b></p>'
        '<img src="http://tracker.example/pixel.gif" onerror="alert(2)">'
        '<img src="data:image/png;base64,AAAA">'
        '<a href="javascript:alert(3)">bad</a> <a href="https://example.com/x">link</a>'
        '<div style="background-image:url(http://tracker.example/bg); color: red">styled</div>'
        "<blockquote>old</blockquote></body></html>"
    )
    raw = msg("Content-Type: text/html; charset=utf-8", body=html)
    parsed = parse_message(raw)
    lowered = parsed.html.lower()
    for forbidden in ("<script", "alert(", "onclick", "onerror", "javascript:", "tracker.example",
                      "data:image", "<style", "url("):  # fmt: skip
        assert forbidden not in lowered, forbidden
    assert "<b>there</b>" in parsed.html
    assert 'href="https://example.com/x"' in parsed.html
    assert "nofollow" in parsed.html
    assert "color:red" in parsed.html.replace(" ", "")
    assert parsed.text.splitlines()[0] == "Hello there"
    assert "link <https://example.com/x>" in parsed.text
    assert "> old" in parsed.text


def test_alternative_prefers_plain_text_and_sanitised_html() -> None:
    raw = msg(
        'Content-Type: multipart/alternative; boundary="b"',
        body=(
            "--b\nContent-Type: text/plain; charset=utf-8\n\nplain version\n"
            "--b\nContent-Type: text/html; charset=utf-8\n\n<p>html <i>version</i></p>\n--b--\n"
        ),
    )
    parsed = parse_message(raw)
    assert parsed.text == "plain version"
    assert parsed.html.strip() == "<p>html <i>version</i></p>"
    assert parsed.attachments == ()


def test_inline_image_with_content_id() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    import base64

    raw = msg(
        "From: a@example.com",
        'Content-Type: multipart/related; boundary="rel"',
        body=(
            "--rel\nContent-Type: text/html; charset=utf-8\n\n"
            '<p>Logo: <img src="cid:logo.123@example.com" alt="logo"></p>\n'
            "--rel\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
            "Content-ID: <logo.123@example.com>\n\n"
            + base64.b64encode(png).decode()
            + "\n--rel--\n"
        ),
    )
    parsed = parse_message(raw)
    assert len(parsed.attachments) == 1
    image = parsed.attachments[0]
    assert image.payload == png
    assert (image.content_id, image.is_inline, image.content_type) == (
        "logo.123@example.com",
        True,
        "image/png",
    )
    assert image.filename == "attachment.png"
    assert 'data-cid="logo.123@example.com"' in parsed.html
    assert "src=" not in parsed.html


def test_winmail_dat_that_is_not_tnef_is_kept_as_it_is() -> None:
    tnef = b"\x78\x9f\x3e\x22" + b"\x00" * 30
    raw = msg(
        'Content-Type: multipart/mixed; boundary="m"',
        body=(
            "--m\nContent-Type: text/plain\n\nsee attached\n"
            '--m\nContent-Type: application/ms-tnef; name="winmail.dat"\n'
            "Content-Transfer-Encoding: base64\n"
            'Content-Disposition: attachment; filename="winmail.dat"\n\n'
            + base64.b64encode(tnef).decode()
            + "\n--m\nContent-Type: application/ms-tnef\nContent-Transfer-Encoding: base64\n\n"
            + base64.b64encode(tnef).decode()
            + "\n--m--\n"
        ),
    )
    parsed = parse_message(raw)
    assert parsed.text == "see attached"
    assert [(a.filename, a.content_type, a.payload) for a in parsed.attachments] == [
        ("winmail.dat", "application/ms-tnef", tnef),
        ("winmail.dat", "application/ms-tnef", tnef),  # no name given: the usual one
    ]
    assert "tnef-undecodable" in parsed.defects


def _with_winmail(
    tnef: bytes, *, text: str | None = "see attached", ctype: str = "application/ms-tnef"
) -> bytes:
    body = f"--m\nContent-Type: text/plain\n\n{text}\n" if text is not None else ""
    return msg(
        'Content-Type: multipart/mixed; boundary="m"',
        body=(
            body + f'--m\nContent-Type: {ctype}; name="winmail.dat"\n'
            "Content-Transfer-Encoding: base64\n"
            'Content-Disposition: attachment; filename="winmail.dat"\n\n'
            + base64.b64encode(tnef).decode()
            + "\n--m--\n"
        ),
    )


@pytest.mark.parametrize("ctype", ["application/ms-tnef", "application/octet-stream"])
def test_winmail_dat_becomes_the_files_inside(ctype: str) -> None:
    parsed = parse_message(_with_winmail(tnef_streams.TWO_FILES, ctype=ctype))
    assert parsed.text == "see attached"  # the email's own body wins over the one in winmail.dat
    assert [(a.filename, a.content_type, a.payload) for a in parsed.attachments] == [
        ("Invoice März 2024.pdf", "application/pdf", tnef_streams.PDF),
        ("photo.png", "image/png", tnef_streams.PNG),
    ]
    assert not any(d.startswith("tnef") for d in parsed.defects)


def test_file_names_from_winmail_dat_are_sanitised() -> None:
    tnef = tnef_streams.stream(
        tnef_streams.message_header(),
        tnef_streams.file_attributes(b"x", b"data", long_name="..\\..\\boot.ini"),
    )
    assert [a.filename for a in parse_message(_with_winmail(tnef)).attachments] == ["boot.ini"]


def test_body_inside_winmail_dat_is_used_when_the_email_has_none() -> None:
    parsed = parse_message(_with_winmail(tnef_streams.BODY_ONLY, text="  "))
    assert parsed.text == "The printer is on fire."
    assert parsed.attachments == ()


def test_html_body_inside_winmail_dat_is_sanitised_like_any_html() -> None:
    parsed = parse_message(_with_winmail(tnef_streams.HTML_BODY, text=None))
    assert parsed.text == "Plain café"
    assert "<b>café</b>" in parsed.html
    assert "script" not in parsed.html


def test_winmail_dat_with_nothing_inside_is_kept() -> None:
    tnef = tnef_streams.stream(tnef_streams.message_header())
    parsed = parse_message(_with_winmail(tnef))
    assert [(a.filename, a.payload) for a in parsed.attachments] == [("winmail.dat", tnef)]


def test_truncated_winmail_dat_is_kept_with_a_defect() -> None:
    tnef = tnef_streams.TWO_FILES[:-40]
    parsed = parse_message(_with_winmail(tnef))
    assert [(a.filename, a.payload) for a in parsed.attachments] == [("winmail.dat", tnef)]
    assert "tnef-undecodable" in parsed.defects


def test_nested_forward_is_an_attachment_with_the_whole_message() -> None:
    inner = (
        "From: Customer <customer@example.org>\nSubject: Original problem\n"
        "Message-ID: <inner@example.org>\n"
        'Content-Type: multipart/alternative; boundary="in"\n\n'
        "--in\nContent-Type: text/plain\n\ninner text\n--in--\n"
    )
    raw = msg(
        "From: Agent <agent@example.com>",
        "Subject: Fwd: Original problem",
        'Content-Type: multipart/mixed; boundary="out"',
        body=(
            "--out\nContent-Type: text/plain\n\nPlease look at this.\n"
            "--out\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n"
            + inner
            + "--out--\n"
        ),
    )
    parsed = parse_message(raw)
    assert parsed.text == "Please look at this."
    (forwarded,) = parsed.attachments
    assert (forwarded.content_type, forwarded.filename) == ("message/rfc822", "message.eml")
    nested = parse_message(forwarded.payload)
    assert nested.subject == "Original problem"
    assert nested.message_id == "inner@example.org"
    assert nested.text == "inner text"
    assert BytesParser().parsebytes(forwarded.payload)["Subject"] == "Original problem"


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename="C:\\\\Users\\\\x\\\\evil.exe"', "evil.exe"),
        ("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf", "€ rates.pdf"),
        ('attachment; filename="=?utf-8?q?r=C3=A9sum=C3=A9.pdf?="', "résumé.pdf"),
        ('attachment; filename="a\x01b<>:|?.txt"', "a b_.txt"),
        ('attachment; filename="..."', "attachment.pdf"),
    ],
)
def test_attachment_filenames_are_sanitised(disposition: str, expected: str) -> None:
    raw = msg(
        'Content-Type: multipart/mixed; boundary="m"',
        body=(
            "--m\nContent-Type: text/plain\n\nbody\n"
            "--m\nContent-Type: application/pdf\n"
            f"Content-Disposition: {disposition}\n\n%PDF\n--m--\n"
        ),
    )
    (attachment,) = parse_message(raw).attachments
    assert attachment.filename == expected
    assert attachment.payload == b"%PDF"  # the last line break belongs to the boundary


def test_huge_message_is_parsed_and_text_capped() -> None:
    body = ("x" * 99 + "\n") * ((MAX_TEXT_CHARS // 100) + 5000)
    raw = msg("From: a@example.com", "Subject: huge", body=body)
    started = time.perf_counter()
    parsed = parse_message(raw)
    assert time.perf_counter() - started < 20
    assert len(parsed.text) == MAX_TEXT_CHARS
    assert "text-truncated" in parsed.defects


def test_deeply_nested_multipart_stops_with_a_defect() -> None:
    depth = 60
    body = "".join(
        f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n' for i in range(depth)
    )
    body += f"--b{depth}\nContent-Type: text/plain\n\ndeep\n"
    body += "".join(f"--b{i}--\n" for i in reversed(range(depth + 1)))
    parsed = parse_message(msg('Content-Type: multipart/mixed; boundary="b0"', body=body))
    assert "mime-too-deep" in parsed.defects
    assert parsed.text == ""


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\xff\xfe", b"no headers at all", b"From: x\r\n", b"\r\n\r\n\r\n", b":\n:\n\n",
     b"Content-Type: multipart/mixed\n\nno boundary",
     b"Content-Type: text/plain; charset=\n\n\xff"],
)  # fmt: skip
def test_garbage_never_raises(raw: bytes) -> None:
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedEmail)
    assert parsed.content_hash == hashlib.sha256(raw).hexdigest()


# -- properties ------------------------------------------------------------------------------------
SEED = msg(
    "From: =?utf-8?q?J=C3=B6rg?= <joerg@example.de>",
    "To: a@example.com, b@example.com",
    "Subject: =?iso-8859-1?q?Gr=FC=DFe?=",
    "Message-ID: <seed@example.de>",
    "Date: Tue, 02 Apr 2024 10:15:00 +0200",
    'Content-Type: multipart/mixed; boundary="outer"',
    body=(
        '--outer\nContent-Type: multipart/alternative; boundary="alt"\n\n'
        "--alt\nContent-Type: text/plain; charset=utf-8; format=flowed\n"
        "Content-Transfer-Encoding: quoted-printable\n\nHall=C3=B6 \nWelt\n"
        "--alt\nContent-Type: text/html; charset=utf-8\n\n<p>Hall&ouml; <img src=cid:x></p>\n"
        "--alt--\n--outer\nContent-Type: application/octet-stream; name*=utf-8''f%C3%BC.bin\n"
        "Content-Transfer-Encoding: base64\nContent-ID: <x>\n\nAAEC\n"
        "--outer\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner\n--outer--\n"
    ),
)


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=3000))
def test_any_bytes_parse(raw: bytes) -> None:
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedEmail)
    assert "\n" not in parsed.subject


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=20),
                st.sampled_from([b"\r\n", b"--", b"=?", b"?=", b"<", b">", b"@", b";", b'"',
                                 b"boundary=", b"charset=x-bad", b"\xff", b"\n\n", b"=\n"]),
            )
        )  # fmt: skip
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + len(chunk)]
        else:
            data[position : position + len(chunk)] = chunk
    return bytes(data)


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(mutated_seed())
def test_any_mutation_of_a_valid_message_parses(raw: bytes) -> None:
    parsed = parse_message(raw)
    assert isinstance(parsed, ParsedEmail)
    assert parsed.from_address is None or "@" in parsed.from_address
    assert all(isinstance(a.payload, bytes) for a in parsed.attachments)


def test_seed_message_parses_fully() -> None:
    parsed = parse_message(SEED)
    assert parsed.subject == "Grüße"
    assert parsed.text == "Hallö Welt"
    assert [a.filename for a in parsed.attachments] == ["fü.bin", "message.eml"]
    assert parsed.attachments[0].payload == b"\x00\x01\x02"
    assert parsed.defects == ()
