"""Loop protection: is an inbound message from a machine, and which kind?

Why: a help desk that answers every message will sooner or later acknowledge another
robot (an out-of-office, a mailing list's administration address, a mailer-daemon, an
abuse or DMARC report, a vendor's notification service, or itself) and two robots can
mail each other forever. ``classify_automatic`` says why a message must not trigger
automatic mail, specifically enough for an admin to see at a glance what it was
("auto-reply: vacation (de)", "report: feedback-report", "list robot: -request").
Failure reports themselves are read by ``bounce.parse_bounce``. Pure: a function of a
``ParsedEmail``; the vocabulary is data in ``robot_rules``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from realdesk.comms.email.inbound.parse.addresses import normalize_address
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.comms.email.inbound.robots import rules as rules
from realdesk.comms.email.inbound.robots.bounce import (
    embedded_messages,
    from_mail_system,
    has_bounce_subject,
    is_delivery_report,
    is_forward,
    local_part,
    parse_bounce,
    reported_by_mail_system,
)

#: What every suppression reason starts with, for the admin's filter.
REASON_CLASSES = (
    "bounce", "report", "mail system", "null return path", "list robot", "notification",
    "auto-reply", "auto-submitted", "bulk", "mailing list", "own address", "x-loop",
)  # fmt: skip
VACATION_BODY_CHARS = 3_000  # an autoresponder's own text is short; a person's may be long
_SCAN = 20_000  # characters of a body that the phrase tables look at

_SUPPRESS_TOKENS = frozenset({"all", "oof", "autoreply"})
_VACATION_PREFIX = rules.compiled(
    rules.VACATION_SUBJECT_PREFIXES, template=r"^\s{{0,10}}(?:{})\s{{0,3}}(?:[:\uff1a]|[.!]?\s*$)"
)
_VACATION_SUBJECT = rules.compiled(rules.VACATION_SUBJECT_ANYWHERE)
_VACATION_BODY = rules.compiled(rules.VACATION_BODY)
_NOTIFICATION_LOCAL = re.compile(rules.NOTIFICATION_LOCAL_PARTS, re.IGNORECASE)
_NOTIFICATION_DOMAIN = re.compile(
    r"(?:^|\.)(?:" + "|".join(rules.NOTIFICATION_DOMAINS) + r")$", re.IGNORECASE
)
_LIST_SOFTWARE = re.compile(rules.LIST_SOFTWARE_TEXT)
_DMARC_SUBJECT = re.compile(rules.DMARC_SUBJECT, re.IGNORECASE)
_DMARC_FILE = re.compile(rules.DMARC_FILENAME, re.IGNORECASE)
_JSON_NOTIFICATION = re.compile(rules.JSON_NOTIFICATION)
# Where a person's own words end: a quote, or the header block Outlook puts above it.
_QUOTE_START = re.compile(
    r"^\s{0,10}(?:>|-{2,}\s{0,3}(?:original|forwarded)|on .{1,200} wrote:|from:\s)", re.I | re.M
)


def classify_automatic(parsed: ParsedEmail, *, own_addresses: Iterable[str] = ()) -> str | None:
    """Why ``parsed`` must not get an automatic answer, or None for a message from a person.

    Reasons start with their class, checked in this order: ``own address``, ``x-loop``,
    ``bounce: …`` (a mail system's failure report, or one of ours forwarded),
    ``report: <type>`` (any other multipart/report, DMARC aggregate reports),
    ``mail system: <address>``
    (MAILER-DAEMON, postmaster in any spelling), ``null return path``, ``list robot: …``,
    ``notification: …`` (no-reply senders, Amazon SES/SNS JSON), ``auto-reply: …``
    (Auto-Submitted: auto-replied, X-Autoreply-style headers, X-Auto-Response-Suppress,
    vacation subjects and bodies in many languages), ``auto-submitted: <value>``,
    ``bulk: precedence <value>``, ``mailing list: …``.
    """
    own = {a for a in (normalize_address(x) for x in own_addresses) if a}
    for check in _CHECKS:
        reason = check(parsed, own)
        if reason:
            return reason
    return None


def _own(parsed: ParsedEmail, own: set[str]) -> str | None:
    if parsed.from_address and parsed.from_address in own:
        return "own address"
    if own and any(addr in loop for loop in parsed.x_loop for addr in own):
        return "x-loop"
    return None


def _report(parsed: ParsedEmail, own: set[str]) -> str | None:
    """Any multipart/report is a machine's: delivery status, read receipts (MDN), abuse
    and feedback (ARF), TLS reports. DMARC aggregate reports come as plain attachments."""
    if parsed.content_type == "multipart/report":
        return f"report: {parsed.report_type or 'unknown type'}"
    if _DMARC_SUBJECT.search(parsed.subject[:300]) or any(
        _DMARC_FILE.match(a.filename) for a in parsed.attachments[:20]
    ):
        return "report: dmarc-aggregate"
    return None


def _bounce(parsed: ParsedEmail, own: set[str]) -> str | None:
    if is_delivery_report(parsed):
        return "bounce: delivery report"
    if parsed.x_failed_recipients:
        return "bounce: X-Failed-Recipients"
    if has_bounce_subject(parsed) and (
        reported_by_mail_system(parsed)
        or parse_bounce(parsed, own_addresses=own)  # a carrier's, from an ordinary address
    ):
        return "bounce: failure notice"
    if is_forward(parsed) and own and _forwards_our_bounce(parsed, own):
        return "bounce: forwarded by a person"
    return None


def _forwards_our_bounce(parsed: ParsedEmail, own: set[str]) -> bool:
    """A forward (attached or inline) of a mail system's report about mail we sent: the
    forwarder adds nothing we could answer. A customer forwarding a failure of their own
    mail is a person asking for help, and is answered."""
    for inner in embedded_messages(parsed):
        reported = is_delivery_report(inner) or from_mail_system(inner) or has_bounce_subject(inner)
        if reported and (_names_any(inner.text, own) or _names_any_part(inner, own)):
            return True
    text = parsed.text[:_SCAN].lower()
    return bool(
        _FORWARDED_DAEMON.search(text) and _names_any(text, own) and _FORWARDED_FAILURE.search(text)
    )


_FORWARDED_DAEMON = re.compile(
    r"^[>\s]{0,10}from:\s{0,3}.{0,80}(?:" + rules.DAEMON_NAMES + r")", re.I | re.M
)
_FORWARDED_FAILURE = re.compile(rules.BOUNCE_BODY, re.IGNORECASE)


def _names_any(text: str, addresses: set[str]) -> bool:
    lowered = text[:_SCAN].lower()
    return any(address in lowered for address in addresses)


def _names_any_part(parsed: ParsedEmail, addresses: set[str]) -> bool:
    """Our address in the returned message's headers (a DSN keeps them as a part)."""
    return any(
        _names_any(a.payload[:_SCAN].decode("utf-8", "replace"), addresses)
        for a in parsed.attachments[:10]
    )


def _mail_system(parsed: ParsedEmail, own: set[str]) -> str | None:
    if from_mail_system(parsed):
        return f"mail system: {parsed.from_address or parsed.from_name or parsed.from_header}"
    if parsed.return_path == "":
        return "null return path"
    return None


def _list_robot(parsed: ParsedEmail, own: set[str]) -> str | None:
    """Mailing-list administration addresses: they mail about subscriptions, moderation
    and bounces, and answer mail with more of the same."""
    local = local_part(parsed.from_address)
    suffix = next((s for s in rules.LIST_ROBOT_SUFFIXES if local.endswith(s)), None)
    prefix = next((p for p in rules.LIST_ROBOT_PREFIXES if local.startswith(p)), None)
    if suffix or prefix:
        return f"list robot: {suffix or prefix}"
    if local in rules.LIST_ROBOT_LOCAL_PARTS:
        return f"list robot: {local}"
    if local.endswith(rules.LIST_ADMIN_SUFFIX) and _LIST_SOFTWARE.search(
        parsed.subject[:300] + "\n" + parsed.text[:_SCAN]
    ):
        return f"list robot: {rules.LIST_ADMIN_SUFFIX}"
    return None


def _notification(parsed: ParsedEmail, own: set[str]) -> str | None:
    """Vendor notifications: from an address nobody reads, or machine output (JSON)."""
    local, _, domain = (parsed.from_address or "").partition("@")
    if domain and _NOTIFICATION_DOMAIN.search(domain):
        return f"notification: {domain}"
    if local and _NOTIFICATION_LOCAL.fullmatch(local):
        return f"notification: {local}@"
    body = parsed.text[:_SCAN].lstrip()
    if body.startswith("{") and _JSON_NOTIFICATION.search(body):
        return "notification: JSON (Amazon SES/SNS)"
    return None


def _auto_reply(parsed: ParsedEmail, own: set[str]) -> str | None:
    auto = (parsed.auto_submitted or "").split(";")[0].strip()
    suppress = {t.strip() for t in (parsed.x_auto_response_suppress or "").split(",")}
    if auto == "auto-replied":
        return "auto-reply: Auto-Submitted auto-replied"
    if parsed.x_autoreply:
        return "auto-reply: X-Autoreply header"
    if suppress & _SUPPRESS_TOKENS:
        return "auto-reply: X-Auto-Response-Suppress"
    language = _vacation_language(parsed)
    if language:
        return f"auto-reply: vacation ({language})"
    if auto and auto != "no":
        return f"auto-submitted: {auto[:40]}"
    return None


def _vacation_language(parsed: ParsedEmail) -> str | None:
    """The language of a vacation reply recognised by its subject, or by sentences only
    autoresponders write in a short body that asks nothing (a person saying they are away
    tomorrow asks us something)."""
    subject = parsed.subject[:300]
    for language, pattern in (*_VACATION_PREFIX, *_VACATION_SUBJECT):
        if pattern.search(subject):
            return language
    own_text = _QUOTE_START.split(parsed.text[:_SCAN], maxsplit=1)[0]
    if len(own_text) > VACATION_BODY_CHARS or "?" in own_text or "\uff1f" in own_text:
        return None
    for language, pattern in _VACATION_BODY:
        if pattern.search(own_text):
            return language
    return None


def _bulk(parsed: ParsedEmail, own: set[str]) -> str | None:
    precedence = (parsed.precedence or "").strip()
    if precedence in {"bulk", "junk", "auto_reply"}:
        return f"bulk: precedence {precedence}"
    if precedence == "list":
        return "mailing list: precedence list"
    if parsed.list_id:
        return "mailing list: List-Id"
    if parsed.list_unsubscribe:
        return "mailing list: List-Unsubscribe"
    return None


_CHECKS = (_own, _bounce, _report, _mail_system, _list_robot, _notification, _auto_reply, _bulk)
