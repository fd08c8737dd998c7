"""Delivery failure reports: which of our recipients failed, for good or for now.

Why: a permanent failure flags the address (no more mail to it) and a wrong address
flagged stops mail to somebody who can receive it, so a recipient is taken from the
report's RFC 3464 fields (``Original-Recipient``, ``Final-Recipient``, ``Action``,
``Status``, ``Diagnostic-Code``) and only when there are none from its text, where a
candidate must look like a recipient: named where a failure is reported, and neither
one of our own addresses, nor the bounce's addressee, nor the sender of the returned
message, nor a Message-ID. Status codes are read only where SMTP and DSNs put them
("550 5.1.1", "#5.1.1", "Status: 5.1.1"), never from a version string ("Lotus SMTP
MTA v4.6.1"). Pure: a function of a ``ParsedEmail``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from functools import lru_cache

from realdesk.comms.email.inbound.parse.addresses import clean_text, normalize_address
from realdesk.comms.email.inbound.parse.message import ParsedEmail, parse_message
from realdesk.comms.email.inbound.robots import rules as rules

MAX_REPORT_CHARS = 60_000  # a report's own text is short; the rest is the returned message
MAX_LINE = 400
MAX_RECIPIENTS = 50
MAX_EMBEDDED_BYTES = 2_000_000

_DSN_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
_ORIGINAL_TYPES = frozenset(
    {"message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"}
)
_EMBEDDED_TYPES = frozenset({"message/rfc822", "message/global"})
_FAILED_ACTIONS = frozenset({"failed", "failure", "error", "delayed"})

# Status codes, only in SMTP/DSN positions.
_FIELD_STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_FIELD_BASIC = re.compile(r"(?<!\d)([245][0-5]\d)(?!\d)")
_SMTP_ENHANCED = re.compile(r"(?<![\w.])[45]\d\d[ -]\(?#?([45]\.\d{1,3}\.\d{1,3})(?![\d.])")
_MARKED_ENHANCED = re.compile(
    r"(?:\(#|#|\bstatus:\s{0,3}|\bsmtp;\s{0,3}|^\s{0,20})([45]\.\d{1,3}\.\d{1,3})(?![\d.])",
    re.IGNORECASE,
)
_LINE_BASIC = re.compile(
    r"^[\s>]{0,20}(?:.{0,160}?(?:\bsaid|\bsays|\breplied|\breply|\bresponse|\bresponded|\berror"
    r"|\breason|\bdiagnostic(?:-code)?|\bsmtp;|<<<|\bresult)\s{0,3}[:;]?\s{0,3})?"
    r"\(?([45][0-5]\d)(?:[ -]|\)|$)",
    re.IGNORECASE,
)

_ADDRESS = re.compile(r"[\w.+'=/!#$%&*?^`{|}~-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_RCPT = re.compile(r"RCPT\s{0,3}TO:?\s{0,3}<([^<>\s]{3,254})>", re.IGNORECASE)
_ALONE = re.compile(
    r"\s{0,40}[-*•>]{0,3}\s{0,4}(?:[\w -]{0,30}(?:" + rules.RECIPIENT_LABELS + r")s?"
    r"\s{0,3}[:\uff1a]\s{0,4})?"
    r"[\"']?<?(?P<a>[^\s<>\"']{3,254})>?[\"']?\s{0,4}(?:[:,;.]|\.{3})?\s{0,4}(?:\([^()]{0,200}\))?\s*"
)
_ADDRESS_TYPE = re.compile(r"^(?:smtp|rfc822|x400)[=:;]", re.IGNORECASE)  # Exchange: SMTP=bob@…
_LEADING = re.compile(r"\s{0,20}<?([^\s<>:]{1,64}@[^\s<>:]{3,190})>?\s{0,3}:")
_HEADER_LINE = re.compile(
    r"[\s*>-]{0,20}(from|sender|return-path|reply-to|message-id|references|in-reply-to|received|date"
    r"|subject|to|cc|bcc|delivered-to|envelope-to|x-[\w-]{1,40}|reporting-mta|arrival-date"
    r"|errors-to|resent-[\w-]{1,20}|\w{0,20}id)\s{0,3}:",
    re.IGNORECASE,
)
_SENDER_FIELDS = frozenset({"from", "sender", "return-path", "reply-to", "errors-to"})
_ID_TOKEN = re.compile(r"\bid\s{0,3}<([^<>\s]{1,250})>", re.IGNORECASE)
_MESSAGE_ID_LINE = re.compile(r"^\s{0,20}Message-ID:\s{0,3}<([^<>\s]{1,990})>", re.I | re.M)
_ORIGINAL_START = re.compile(rf"\s{{0,20}}(?:{rules.ORIGINAL_MARKERS})", re.IGNORECASE)
_RETURNED_HEADERS = re.compile(r"(?:Received|Return-Path):\s", re.IGNORECASE)
_FAILURE = re.compile(rules.BOUNCE_BODY, re.IGNORECASE)
_MAIL_SYSTEM_BODY = re.compile(rules.MAIL_SYSTEM_BODY, re.IGNORECASE)
_LINE_FAILURE = re.compile(rules.LINE_FAILURE, re.IGNORECASE)
_DELAY = re.compile(rules.DELAY_BODY, re.IGNORECASE)
_GAVE_UP = re.compile(rules.GAVE_UP_BODY, re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    "|".join(p for phrases in rules.BOUNCE_SUBJECT.values() for p in phrases), re.IGNORECASE
)
_FORWARD = re.compile(
    rf"\s{{0,10}}(?:(?:re|aw)\s{{0,3}}:\s{{0,3}}){{0,3}}{rules.FORWARD_SUBJECT}", re.I
)
_DAEMON_NAME = re.compile(rules.DAEMON_NAMES, re.IGNORECASE)
_INTRO = re.compile(rules.INTRO_WORDS, re.IGNORECASE)
_INTRO_LINES = 4  # an address this many lines after "the following addresses failed:" counts


@dataclass(frozen=True, slots=True)
class Bounce:
    """A delivery failure (or delay) report about a message we sent.

    ``status`` is the RFC 3463 enhanced code ("5.1.1") or a basic SMTP code
    ("550") when that is all the report gives. ``permanent`` is False for
    4.x.x / 4xx (try again later) and delays. ``original_message_id`` is the
    Message-ID of our outbound message when the report includes its headers.
    """

    recipients: tuple[str, ...]
    status: str | None
    permanent: bool
    action: str | None
    original_message_id: str | None
    diagnostic: str | None
    standard: bool  # True: RFC 3464 delivery-status part; False: recognised from text


def parse_bounce(
    message: ParsedEmail | bytes, *, own_addresses: Iterable[str] = ()
) -> Bounce | None:
    """Read a bounce from a parsed message (or raw bytes). None when it is not a failure report.

    ``own_addresses`` are never taken for failed recipients (a report names our support
    address as its addressee and as the sender of the returned message)."""
    parsed = message if isinstance(message, ParsedEmail) else parse_message(message)
    bounce = _read(parsed, own_addresses)
    if bounce is None and reported_by_mail_system(parsed):
        # Some gateways wrap the real report in a message/rfc822 part under a disclaimer.
        inner = next(iter(embedded_messages(parsed)), None)
        bounce = _read(inner, own_addresses) if inner else None
    return bounce


def embedded_messages(parsed: ParsedEmail, *, limit: int = 3) -> list[ParsedEmail]:
    """The first few messages attached whole (message/rfc822), parsed: a forwarded
    bounce, or the real report inside a gateway's wrapper. One level only."""
    attached = [a for a in parsed.attachments if a.content_type in _EMBEDDED_TYPES][:limit]
    return [parse_message(a.payload[:MAX_EMBEDDED_BYTES]) for a in attached]


def _read(parsed: ParsedEmail, own_addresses: Iterable[str]) -> Bounce | None:
    original = _original_headers(parsed)
    for attachment in parsed.attachments:
        if attachment.content_type in _DSN_TYPES:
            bounce = _from_delivery_status(attachment.payload, original.get("message-id"))
            if bounce is not None:
                return bounce
    return _from_text(parsed, original, own_addresses)


def reported_by_mail_system(parsed: ParsedEmail) -> bool:
    """Sent by a mail system, by its headers, its sender or the words it opens with."""
    return (
        bool(parsed.x_failed_recipients)
        or is_delivery_report(parsed)
        or from_mail_system(parsed)
        or parsed.return_path == ""
        or (has_bounce_subject(parsed) and bool(_MAIL_SYSTEM_BODY.search(parsed.text[:2_000])))
    )


def from_mail_system(parsed: ParsedEmail) -> bool:
    """Sent by a mail system: MAILER-DAEMON / postmaster (any spelling), or such a name."""
    local = local_part(parsed.from_address)
    squeezed = re.sub(r"[-_\d]", "", local)
    return squeezed in rules.DAEMON_LOCAL_PARTS or bool(
        _DAEMON_NAME.search(parsed.from_name or parsed.from_header or "")
    )


def local_part(address: str | None) -> str:
    """The local part without its +tag: list robots' VERP addresses carry the member in it
    (list-bounces+bob=example.org@…)."""
    return (address or "").partition("@")[0].partition("+")[0]


def is_delivery_report(parsed: ParsedEmail) -> bool:
    """multipart/report of delivery status (some MTAs omit the report-type parameter)."""
    if parsed.content_type != "multipart/report":
        return False
    return parsed.report_type in {"delivery-status", "global-delivery-status"} or any(
        a.content_type in _DSN_TYPES for a in parsed.attachments
    )


def has_bounce_subject(parsed: ParsedEmail) -> bool:
    """A delivery failure subject, in any of the languages of the table, and not a forward."""
    return _bounce_subject(parsed.subject[:300]) and not is_forward(parsed)


@lru_cache(maxsize=256)
def _bounce_subject(subject: str) -> bool:
    """Remembered: the table's sixty phrases cost 40 µs a subject, and the bounce and
    automatic-mail checks ask about the same email's subject several times."""
    return bool(_BOUNCE_SUBJECT.search(subject))


def _failure_notice_text(parsed: ParsedEmail, report: str) -> bool:
    return has_bounce_subject(parsed) and bool(_FAILURE.search(report))


def is_forward(parsed: ParsedEmail) -> bool:
    return bool(_FORWARD.match(parsed.subject[:100]))


# -- RFC 3464 --------------------------------------------------------------------------------------
def _field_blocks(payload: bytes) -> list[dict[str, str]]:
    """Split a message/delivery-status body into blocks of unfolded, lower-cased fields."""
    text = payload[:MAX_REPORT_CHARS].decode("utf-8", "replace").replace("\r\n", "\n")
    blocks: list[dict[str, str]] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        fields: dict[str, str] = {}
        name = None
        for line in chunk.split("\n"):
            if line[:1] in {" ", "\t"} and name:
                fields[name] += " " + line.strip()
                continue
            key, sep, value = line.partition(":")
            if sep and key.strip() and " " not in key.strip():
                name = key.strip().lower()
                fields[name] = value.strip()
        if fields:
            blocks.append(fields)
    return blocks


def _typed_address(value: str) -> str | None:
    """``rfc822; bob@example.org`` -> ``bob@example.org``."""
    _, _, address = value.rpartition(";")
    return normalize_address(address.strip().strip("<>"))


def _field_status(block: dict[str, str]) -> str | None:
    """Status field first, then the code the remote server gave (Diagnostic-Code)."""
    for name in ("status", "diagnostic-code"):
        value = block.get(name, "")[:MAX_LINE]
        enhanced = _FIELD_STATUS.search(value)
        if enhanced and enhanced.group(1) != "2":
            return enhanced.group(0)
        basic = _FIELD_BASIC.match(value.strip()) or _FIELD_BASIC.search(value.partition(";")[2])
        if basic and basic.group(1)[0] in "45":
            return basic.group(1)
    return None


def _from_delivery_status(payload: bytes, original: str | None) -> Bounce | None:
    recipients: list[str] = []
    statuses: list[str] = []
    actions: list[str] = []
    diagnostic = None
    for block in _field_blocks(payload):
        action = (block.get("action", "").lower().split() or [""])[0]
        status = _field_status(block)
        if not action and status and "final-recipient" in block:
            action = "failed" if status[0] == "5" else "delayed"  # Action left out
        if action not in _FAILED_ACTIONS:
            continue  # the per-message block, and delivered / relayed / expanded recipients
        address = _typed_address(block.get("original-recipient", "")) or _typed_address(
            block.get("final-recipient", "")
        )
        if address and address not in recipients:
            recipients.append(address)
        if status:
            statuses.append(status)
        actions.append("delayed" if action == "delayed" else "failed")
        diagnostic = diagnostic or clean_text(block.get("diagnostic-code", ""), limit=500) or None
    if not actions:
        return None
    status = next((s for s in statuses if s.startswith("5")), statuses[0] if statuses else None)
    # The reporting MTA gave up ("failed") or still tries ("delayed"): that, not the class
    # of the last code it met (a 4.4.7 expiry is final), says whether the message is lost.
    permanent = "failed" in actions
    action = "failed" if permanent else "delayed"
    return Bounce(tuple(recipients), status, permanent, action, original, diagnostic, True)


# -- reports in plain text -------------------------------------------------------------------------
def _from_text(
    parsed: ParsedEmail, original: dict[str, str], own_addresses: Iterable[str]
) -> Bounce | None:
    """Exim/qmail/Sendmail/older Exchange and other reports without a delivery-status part."""
    report = _report_text(parsed.text)
    sure = reported_by_mail_system(parsed)
    if not sure and not _failure_notice_text(parsed, report):
        return None
    status = _text_status(report)
    never, senders = _not_recipients(parsed, original, own_addresses)
    recipients = [a for a in parsed.x_failed_recipients if a not in never] or _text_recipients(
        report, never=never, senders=senders
    )
    if status is None and not recipients:
        return None  # a failure subject without any code or recipient: not sure enough
    if not sure and status is None and "?" in report:
        return None  # a person asking why their mail to bob@… "could not be delivered"
    if status is not None and status[0] == "5":
        permanent = True
    elif status is not None or _DELAY.search(report):
        permanent = bool(_GAVE_UP.search(report))
    else:
        permanent = True
    line = next((ln for ln in report.splitlines() if status and status in ln), "")
    return Bounce(
        recipients=tuple(recipients),
        status=status,
        permanent=permanent,
        action="failed" if permanent else "delayed",
        original_message_id=original.get("message-id") or _message_id_in_text(parsed.text),
        diagnostic=clean_text(line, limit=500) or None,
        standard=False,
    )


def _report_text(text: str) -> str:
    """The report's own words: its text up to the returned copy of the original message."""
    lines = text[:MAX_REPORT_CHARS].splitlines()
    for number, line in enumerate(lines):
        head = line[:MAX_LINE]
        if number and (_ORIGINAL_START.match(head) or _RETURNED_HEADERS.match(head)):
            return "\n".join(lines[:number])
    return "\n".join(lines)


def _text_status(report: str) -> str | None:
    """The first failure code in an SMTP/DSN position, 5xx before 4xx."""
    found: list[str] = []
    for line in report.splitlines()[:1000]:
        line = line[:MAX_LINE]
        match = _SMTP_ENHANCED.search(line) or _MARKED_ENHANCED.search(line)
        if match:
            found.append(match.group(1))
            continue
        basic = _LINE_BASIC.match(line)
        if basic:
            found.append(basic.group(1))
    return next((s for s in found if s[0] == "5"), found[0] if found else None)


def _not_recipients(
    parsed: ParsedEmail, original: dict[str, str], own_addresses: Iterable[str]
) -> tuple[set[str], set[str]]:
    """(never recipients: ours, the report's own parties and Message-IDs; the senders of
    the returned message, recipients only where the report names them as such: a list's
    post bounces back to its author when the author is also a member)."""
    exclude = {a for a in (normalize_address(x) for x in own_addresses) if a}
    exclude |= {*parsed.to, *parsed.cc, *parsed.reply_to}
    exclude |= {a for a in (parsed.from_address, parsed.return_path) if a}
    ids = [parsed.message_id, parsed.in_reply_to, *parsed.references]
    ids += [original.get("message-id"), *original.get("ids", "").split()]
    exclude |= {i.lower() for i in ids if i}
    senders = {a for name in _SENDER_FIELDS if (a := original.get(name))}
    for line in parsed.text[:MAX_REPORT_CHARS].splitlines()[:2000]:
        line = line[:MAX_LINE]
        header = _HEADER_LINE.match(line)
        if header and header.group(1).lower() in _SENDER_FIELDS:
            senders |= {m.group(0).lower() for m in _ADDRESS.finditer(line)}
        elif header and header.group(1).lower() in {"message-id", "references", "in-reply-to"}:
            exclude |= {m.group(0).lower() for m in _ADDRESS.finditer(line)}
        for match in _ID_TOKEN.finditer(line):
            exclude.add(match.group(1).lower())
    return exclude, senders - exclude


def _text_recipients(report: str, *, never: set[str], senders: set[str]) -> list[str]:
    """Addresses the report names where a failure is reported: after RCPT TO, alone on a
    line or starting it ("<bob@…>: host said …"), and, unless they sent the returned
    message, on a line with a failure phrase or code, or just after "the following failed:"."""
    found: list[str] = []
    after_intro = 0
    for line in report.splitlines()[:1000]:
        line = line[:MAX_LINE]
        if not line.strip():
            continue
        failure = bool(_LINE_FAILURE.search(line) or _LINE_BASIC.match(line))
        if _HEADER_LINE.match(line):
            after_intro = max(after_intro - 1, 0)
            continue
        alone, leading = _ALONE.fullmatch(line), _LEADING.match(line)
        named = [m.group(1) for m in _RCPT.finditer(line)]
        if alone and "@" in alone.group("a"):
            named.append(alone.group("a"))
        elif leading:
            named.append(leading.group(1))
        mentioned = []
        if not named and (failure or after_intro):
            mentioned = [m.group(0) for m in _ADDRESS.finditer(line) if not _after_from(line, m)]
        candidates = [_recipient(c, never) for c in named]
        candidates += [a for a in (_recipient(c, never) for c in mentioned) if a not in senders]
        for address in candidates:
            if address and address not in found:
                found.append(address)
        intro = (
            failure
            and not named
            and not mentioned
            and (line.rstrip().endswith(":") or "following" in line)
        )
        after_intro = _INTRO_LINES if intro else max(after_intro - 1, 0)
    return found[:MAX_RECIPIENTS]


def _after_from(line: str, match: re.Match) -> bool:
    """ "not accepting mail from list@example.org": the sender, named in passing."""
    before = line[max(match.start() - 20, 0) : match.start()].lower().rstrip(" <\"':(")
    return before.endswith("from") and not before.endswith("generated from")


def _recipient(candidate: str, exclude: set[str]) -> str | None:
    candidate = _ADDRESS_TYPE.sub("", candidate.strip(".,;:()[]<>\"'"))
    address = normalize_address(candidate)
    if not address or address in exclude or "." not in address.partition("@")[2]:
        return None
    local = local_part(address)
    robot = (
        re.sub(r"[-_\d]", "", local) in rules.DAEMON_LOCAL_PARTS
        or local.endswith((*rules.LIST_ROBOT_SUFFIXES, rules.LIST_ADMIN_SUFFIX))
        or local.startswith(rules.LIST_ROBOT_PREFIXES)
    )  # the report's sender, or a list's return address: never one of our recipients
    return None if robot else address


def _message_id_in_text(body: str) -> str | None:
    match = _MESSAGE_ID_LINE.search(body[: MAX_REPORT_CHARS * 4])
    return match.group(1) if match else None


def _original_headers(parsed: ParsedEmail) -> dict[str, str]:
    """Message-ID and sender fields of the returned original (message/rfc822 or headers)."""
    for attachment in parsed.attachments:
        if attachment.content_type not in _ORIGINAL_TYPES:
            continue
        try:
            headers = BytesParser(policy=policy.compat32).parsebytes(
                attachment.payload[:200_000], headersonly=True
            )
        except Exception:  # noqa: S112 - an unreadable returned copy only lacks its headers
            continue
        found: dict[str, str] = {}
        message_id = re.search(r"<([^<>\s]{1,990})>", str(headers.get("Message-ID", "") or ""))
        if message_id:
            found["message-id"] = message_id.group(1)
        for name in _SENDER_FIELDS:
            match = _ADDRESS.search(str(headers.get(name, "") or ""))
            if match:
                found[name] = match.group(0).lower()
        refs = " ".join(str(headers.get(n, "") or "") for n in ("References", "In-Reply-To"))
        found["ids"] = " ".join(re.findall(r"<([^<>\s]{1,990})>", refs[:20_000]))
        if found:
            return found
    return {}
