"""Loop protection: is an inbound message automatic, and is it a bounce?

Why: a help desk that answers every message will sooner or later auto-reply
to another robot (an out-of-office, a mailing list, a mailer-daemon, or
itself) and two robots can mail each other forever. ``classify_automatic``
says why a message must not trigger automatic mail; ``parse_bounce`` reads
delivery failures so that the outbound message they refer to can be marked
undeliverable. Both are pure functions of a ``ParsedEmail``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

from realdesk.comms.email.addresses import clean_text, normalize_address
from realdesk.comms.email.parse import ParsedEmail, parse_message

_DAEMON_LOCAL_PARTS = frozenset({"mailer-daemon", "mail-daemon", "postmaster", "mailerdaemon"})
_DAEMON_NAMES = re.compile(r"mailer[\s-]?daemon|mail delivery (?:subsystem|system)", re.I)
_AUTO_REPLY_SUBJECT = re.compile(
    r"\s*(?:auto(?:matic)?[\s-]?(?:reply|response|antwort|matische\s+antwort)\b|autoreply\b"
    r"|out\s+of\s+(?:the\s+)?office\b|abwesenheitsnotiz\b|automatische\s+antwort\b"
    r"|réponse\s+automatique\b|respuesta\s+automática\b|risposta\s+automatica\b"
    r"|automatisch\s+antwoord\b|fuera\s+de\s+la\s+oficina\b|absence\s+du\s+bureau\b)",
    re.IGNORECASE,
)
_SUPPRESS_TOKENS = frozenset({"all", "oof", "autoreply"})
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery\s+(?:status\s+notification|failure|has\s+failed|failed)"
    r"|mail\s+delivery\s+failed|returned\s+mail|failure\s+notice|delivery\s+notification"
    r"|non\s+remis|unzustellbar|nicht\s+zustellbar|no\s+se\s+puede\s+entregar|mail\s+system\s+error",
    re.IGNORECASE,
)
_ENHANCED_STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_SMTP_CODE = re.compile(r"(?<!\d)([45][0-5]\d)(?:[\s-]|$)")
_RCPT = re.compile(r"RCPT\s+TO:?\s*<([^<>\s]{3,254})>", re.IGNORECASE)
_BRACKETED = re.compile(r"<([^<>\s@]{1,64}@[^<>\s]{1,190})>")
_BARE_ADDRESS_LINE = re.compile(r"\s*<?([^\s<>@]{1,64}@[^\s<>]{1,190}?)>?:?\s*")
_MESSAGE_ID_LINE = re.compile(r"^Message-ID:[ \t]*<([^<>\s]{1,990})>", re.IGNORECASE | re.M)
_ORIGINAL_HEADER_TYPES = frozenset(
    {"message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"}
)
_DSN_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})


def classify_automatic(parsed: ParsedEmail, *, own_addresses: Iterable[str] = ()) -> str | None:
    """Why ``parsed`` must not get an automatic answer, or None for a message from a person.

    Reasons, checked in this order: ``own-address`` (sent by one of our own
    addresses), ``x-loop`` (carries our X-Loop marker), ``bounce`` (a delivery
    report), ``mailer-daemon``, ``null-return-path`` (envelope sender ``<>``),
    ``auto-reply`` (Auto-Submitted: auto-replied, X-Autoreply-style headers,
    X-Auto-Response-Suppress, out-of-office subjects), ``auto-submitted`` (any
    other Auto-Submitted value but ``no``), ``bulk-precedence`` (Precedence
    bulk/junk/auto_reply), ``mailing-list`` (Precedence list, List-Id,
    List-Unsubscribe).
    """
    own = {a for a in (normalize_address(x) for x in own_addresses) if a}
    sender = parsed.from_address
    if sender and sender in own:
        return "own-address"
    if own and any(addr in loop for loop in parsed.x_loop for addr in own):
        return "x-loop"
    if _is_report(parsed) or parsed.x_failed_recipients:
        return "bounce"
    if _from_daemon(parsed):
        return "mailer-daemon"
    if parsed.return_path == "":
        return "null-return-path"
    auto = (parsed.auto_submitted or "").split(";")[0].strip()
    suppress = {t.strip() for t in (parsed.x_auto_response_suppress or "").split(",")}
    if (
        auto == "auto-replied"
        or parsed.x_autoreply
        or suppress & _SUPPRESS_TOKENS
        or _AUTO_REPLY_SUBJECT.match(parsed.subject)
    ):
        return "auto-reply"
    if auto and auto != "no":
        return "auto-submitted"
    precedence = (parsed.precedence or "").strip()
    if precedence in {"bulk", "junk", "auto_reply"}:
        return "bulk-precedence"
    if precedence == "list" or parsed.list_id or parsed.list_unsubscribe:
        return "mailing-list"
    return None


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


def parse_bounce(message: ParsedEmail | bytes) -> Bounce | None:
    """Read a bounce from a parsed message (or raw bytes). None when it is not a failure report."""
    parsed = message if isinstance(message, ParsedEmail) else parse_message(message)
    original = _original_message_id(parsed)
    for attachment in parsed.attachments:
        if attachment.content_type in _DSN_TYPES:
            bounce = _from_delivery_status(attachment.payload, original)
            if bounce is not None:
                return bounce
    return _from_text(parsed, original)


def _from_daemon(parsed: ParsedEmail) -> bool:
    """Sent by a mail system: MAILER-DAEMON/postmaster address, or such a name on a bad From."""
    local = (parsed.from_address or "").partition("@")[0]
    return local in _DAEMON_LOCAL_PARTS or bool(
        _DAEMON_NAMES.search(parsed.from_name or parsed.from_header or "")
    )


def _is_report(parsed: ParsedEmail) -> bool:
    """multipart/report of delivery status (some MTAs omit the report-type parameter)."""
    if parsed.content_type != "multipart/report":
        return False
    return parsed.report_type in {"delivery-status", "global-delivery-status"} or any(
        a.content_type in _DSN_TYPES for a in parsed.attachments
    )


# -- RFC 3464 --------------------------------------------------------------------------------------
def _field_blocks(payload: bytes) -> list[dict[str, str]]:
    """Split a message/delivery-status body into blocks of unfolded, lower-cased fields."""
    text = payload.decode("utf-8", "replace").replace("\r\n", "\n")
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


def _from_delivery_status(payload: bytes, original: str | None) -> Bounce | None:
    recipients: list[str] = []
    statuses: list[str] = []
    actions: list[str] = []
    diagnostic = None
    for block in _field_blocks(payload):  # the per-message block has no Action field
        action = block.get("action", "").lower().split()[0] if block.get("action") else ""
        if action not in {"failed", "delayed"}:
            continue
        address = _typed_address(block.get("final-recipient", "")) or _typed_address(
            block.get("original-recipient", "")
        )
        if address and address not in recipients:
            recipients.append(address)
        status = _ENHANCED_STATUS.search(block.get("status", ""))
        if status:
            statuses.append(status.group(0))
        actions.append(action)
        diagnostic = diagnostic or clean_text(block.get("diagnostic-code", ""), limit=500) or None
    if not actions:
        return None
    status = next((s for s in statuses if s.startswith("5")), statuses[0] if statuses else None)
    permanent = status.startswith("5") if status else "failed" in actions
    action = "failed" if "failed" in actions else actions[0]
    return Bounce(tuple(recipients), status, permanent, action, original, diagnostic, True)


# -- non-standard reports --------------------------------------------------------------------------
def _from_text(parsed: ParsedEmail, original: str | None) -> Bounce | None:
    """Exim/qmail/older Exchange style reports: recognised from headers and body text."""
    looks_like_bounce = bool(_BOUNCE_SUBJECT.search(parsed.subject)) and (
        _from_daemon(parsed) or parsed.return_path == "" or _is_report(parsed)
    )
    if not parsed.x_failed_recipients and not looks_like_bounce:
        return None
    body = parsed.text[:200_000]
    enhanced = _ENHANCED_STATUS.search(body)
    basic = _SMTP_CODE.search(body)
    status = enhanced.group(0) if enhanced else (basic.group(1) if basic else None)
    if status is None and not parsed.x_failed_recipients:
        return None  # a bounce-like subject without any failure code: not sure enough
    permanent = status[0] == "5" if status else True
    recipients = parsed.x_failed_recipients or _recipients_from_text(body)
    line = next((ln for ln in body.splitlines() if status and status in ln), "")
    return Bounce(
        recipients=tuple(recipients),
        status=status,
        permanent=permanent,
        action="failed" if permanent else "delayed",
        original_message_id=original or _message_id_in_text(body),
        diagnostic=clean_text(line, limit=500) or None,
        standard=False,
    )


def _recipients_from_text(body: str) -> tuple[str, ...]:
    found: list[str] = []
    candidates = [m.group(1) for m in _RCPT.finditer(body)]
    head = body.split("\n------", 1)[0]  # before the returned copy of our own message
    for line in head.splitlines()[:200]:
        match = _BARE_ADDRESS_LINE.fullmatch(line)
        if match:
            candidates.append(match.group(1))
    if not candidates:
        candidates = [m.group(1) for m in _BRACKETED.finditer(head)]
    for candidate in candidates:
        address = normalize_address(candidate)
        if address and address not in found:
            found.append(address)
    return tuple(found[:50])


def _message_id_in_text(body: str) -> str | None:
    match = _MESSAGE_ID_LINE.search(body)
    return match.group(1) if match else None


def _original_message_id(parsed: ParsedEmail) -> str | None:
    """Message-ID of the returned original, from a message/rfc822 or text/rfc822-headers part."""
    for attachment in parsed.attachments:
        if attachment.content_type not in _ORIGINAL_HEADER_TYPES:
            continue
        match = re.search(r"<([^<>\s]{1,990})>", _header_value(attachment.payload, "Message-ID"))
        if match:
            return match.group(1)
    return None


def _header_value(payload: bytes, name: str) -> str:
    """One header of an embedded message or header block ("" if absent or unreadable)."""
    try:
        headers = BytesParser(policy=policy.compat32).parsebytes(
            payload[:200_000], headersonly=True
        )
        return str(headers.get(name, "") or "")
    except Exception:
        return ""
