"""``parse_message`` on the messages in ``fixtures/mime/``, written for this project.

They keep parsing meaningfully tested in a clone without ``../shared/data``: charsets
(and the labels common clients put on their vendors' supersets), RFC 2047 words and
RFC 2231 parameters, and the MIME shapes that real mail takes, broken ones included.
Each file is CRLF wire bytes; every file in the directory must have a case here.
"""

# ruff: noqa: RUF001  (the expected texts are Cyrillic, CJK and typographic on purpose)

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import pytest

from realdesk.comms.email.inbound.parse.message import ParsedEmail, parse_message

FIXTURES = Path(__file__).parent / "fixtures" / "mime"


@dataclass(frozen=True)
class Expected:
    subject: str
    text: str
    from_name: str = "Alice Example"
    html: str = ""
    # (filename, content type, inline, content id): the parts that are not the body
    attachments: tuple[tuple[str, str, bool, str | None], ...] = ()
    defects: frozenset[str] = field(default_factory=frozenset)


CASES = {
    # -- charsets -----------------------------------------------------------------------------
    "charset-iso-8859-1": Expected(
        "Crème brûlée froide",
        "Bonjour,\nla crème brûlée était froide à l'arrivée. Ça arrive ?",
        from_name="Françoise Lévesque",
    ),
    "charset-windows-1252": Expected(
        "Invoice “Q1” – €20", "Hi,\n“Smart quotes” cost €20 – that’s what the invoice says…"
    ),
    "charset-latin1-label-cp1252-bytes": Expected(  # Outlook's label for windows-1252
        "Quote “as sent”", "Outlook wrote “this” and €5 — labelled Latin-1."
    ),
    "charset-koi8-r": Expected(
        "Не работает принтер",
        "Здравствуйте!\nПринтер в бухгалтерии не печатает с понедельника.",
        from_name="Иван Петров",
    ),
    "charset-shift_jis": Expected(
        "請求書について", "お世話になっております。\n請求書の金額が違います。ご確認ください。"
    ),
    "charset-shift_jis-label-cp932-bytes": Expected(  # NEC circled digits, ㈱: cp932 only
        "①番の件", "①番の商品が届きません。㈱"
    ),
    "charset-gb2312": Expected("无法登录账户", "您好，\n我从昨天开始无法登录账户，请帮忙处理。"),
    "charset-gb2312-label-gbk-bytes": Expected(  # traditional characters: GBK, not GB2312
        "镕顰訂單", "镕顰的訂單還沒到。"
    ),
    "utf8-rfc2047-rfc2231": Expected(
        "Résumé and € rates 🎫 ok ✓",  # two encoded words, Q then B, folded between them
        "Grüße, die Preisliste hängt an.",
        from_name="Jürgen Müller",
        attachments=(
            ("Preisliste € 2024.pdf", "application/pdf", False, None),  # filename*0*, *1*
            ("Übersicht.csv", "text/csv", False, None),  # with a language tag
        ),
    ),
    "no-content-type": Expected(  # text/plain us-ascii by default, but 8-bit Latin-1 inside
        "No Content-Type at all",
        "Plain words, and a stray 8-bit café from an old client.",
        from_name="Carol",
        defects=frozenset({"charset-mismatch:none"}),
    ),
    # -- MIME shapes --------------------------------------------------------------------------
    "alternative": Expected(
        "Order 4411 arrived damaged",
        "The parcel for order 4411 arrived with a broken lid.\nCan you send a replacement?",
        html=(
            "<p>The parcel for order <b>4411</b> arrived with a <i>broken lid</i>.</p>"
            "<p>Can you send a replacement?</p>"
        ),
    ),
    "related-inline-image": Expected(
        "Screenshot of the error",
        "See the screenshot: [image: error.png]",
        html=(
            '<p>See the screenshot:</p><p><img data-cid="error-shot@mail.example.org"'
            ' alt="error.png"></p>'
        ),
        attachments=(("error.png", "image/png", True, "error-shot@mail.example.org"),),
    ),
    "mixed-attachments": Expected(
        "Two attachments",
        "Please find the invoice and the log attached.",
        attachments=(
            ("invoice-4411.pdf", "application/pdf", False, None),
            ("server.log", "text/plain", False, None),
            ("passwd", "application/octet-stream", False, None),  # "../../etc/passwd"
        ),
    ),
    "forwarded-rfc822": Expected(
        "Fwd: Delivery problem",
        "Forwarding the message my colleague got, see below.",
        attachments=(("message.eml", "message/rfc822", True, None),),
    ),
    "missing-boundary": Expected(
        "Multipart without a boundary",
        "The sender's program declared multipart/mixed but gave no boundary.\n"
        "The text must still reach the ticket.",
        defects=frozenset({"NoBoundaryInMultipartDefect", "multipart-without-parts"}),
    ),
    "unclosed-boundary": Expected(
        "Boundary never closed",
        "The closing boundary line is missing, the message was cut short.",
        attachments=(("cut.pdf", "application/pdf", False, None),),
        defects=frozenset({"CloseBoundaryNotFoundDefect"}),
    ),
    "bad-base64": Expected(  # cut off inside a group: what the complete groups hold
        "Body with broken base64",
        "The order number is 4411",
        defects=frozenset({"InvalidBase64LengthDefect"}),
    ),
    "bad-base64-characters": Expected(
        "Body with stray characters in base64",
        "The order number is 4411.",
        defects=frozenset({"InvalidBase64CharactersDefect"}),
    ),
}


def parsed(name: str) -> ParsedEmail:
    return parse_message((FIXTURES / f"{name}.eml").read_bytes())


def test_every_fixture_has_a_case():
    assert sorted(path.stem for path in FIXTURES.glob("*.eml")) == sorted(CASES)


def test_fixtures_are_wire_bytes():
    for path in FIXTURES.glob("*.eml"):
        data = path.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n"), f"{path.name} lost its CRLF line ends"


@pytest.mark.parametrize("name", CASES)
def test_fixture_parses_as_expected(name):
    expected, message = CASES[name], parsed(name)
    assert message.subject == expected.subject
    assert message.from_name == expected.from_name
    assert message.text == expected.text
    assert message.html == expected.html
    attachments = [
        (a.filename, a.content_type, a.is_inline, a.content_id) for a in message.attachments
    ]
    assert attachments == list(expected.attachments)
    assert expected.defects <= set(message.defects)
    if not expected.defects:
        assert message.defects == ()


def test_attachment_payloads_are_decoded():
    pdf, csv = parsed("utf8-rfc2047-rfc2231").attachments
    assert pdf.payload == b"%PDF-1.4\n% price list\n"
    assert csv.payload.decode("utf-8") == "Produkt;Preis\nÄpfel;2,50\n"
    image = parsed("related-inline-image").attachments[0]
    assert image.payload.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.size == 66
    invoice, log, passwd = parsed("mixed-attachments").attachments
    assert invoice.payload == b"%PDF-1.4\n% invoice 4411\n"
    assert log.payload == b"ERROR 2024-04-02 disk full"
    assert passwd.payload == b"root:x:0:0\n"


def test_forwarded_message_is_kept_whole():
    forwarded = parsed("forwarded-rfc822").attachments[0].payload
    inner = parse_message(forwarded)
    assert (inner.subject, inner.message_id) == ("Delivery problem", "inner-1@example.org")
    assert inner.text == "The courier said the address was wrong. J'ai vérifié : it is right."
    assert [a.filename for a in inner.attachments] == ["tracking.txt"]
    assert message_from_bytes(forwarded)["From"] == "Bob Colleague <bob@example.org>"


def test_html_is_sanitised():
    message = parsed("alternative")
    assert "<script" not in message.html
    assert "<style" not in message.html
