# ruff: noqa: RUF001, RUF003  (full-width punctuation and Cyrillic examples are on purpose)
"""Line patterns that mark where quoted history or a signature starts in a reply.

The words come from the per-language tables in ``reply_languages``; this module only says how
they are put together. Every pattern here is applied to a single line, or to a few joined
lines, first cut to a bounded length, and uses only bounded quantifiers, so matching cost is
linear in the message size (no catastrophic backtracking on hostile input).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from realdesk.comms.email.inbound.reply.languages import LANGUAGES

MAX_SCAN = 400  # characters of one line that patterns look at
WINDOW_LINES = 6  # an attribution ("On ... wrote:") may be wrapped over this many lines


def _words(field: str) -> list[str]:
    return [word for language in LANGUAGES for word in getattr(language, field)]


def _is_letter(char: str) -> bool:
    """A letter of an alphabet that separates words with spaces (not CJK or kana)."""
    return char.isalpha() and ord(char) < 0x2E80


def _phrase(text: str, *, placeholder: str = "") -> str:
    """A table entry as a pattern: blanks match any run of blanks, letters at either end must
    not touch another letter (so "On" never matches inside "Once")."""
    parts = [re.escape(word) for word in text.split()]
    body = r"\s+".join(parts)
    if placeholder:
        body = body.replace(re.escape("{x}"), placeholder)
    head = r"(?<![^\W\d_])" if _is_letter(text[0]) else ""
    tail = r"(?![^\W\d_])" if _is_letter(text[-1]) else ""
    return f"{head}{body}{tail}"


def _alternation(entries: Iterable[str], **kwargs: str) -> str:
    # Longest first, so "Il giorno" wins over "Il" and "a écrit" over "écrit".
    unique = sorted(set(entries), key=lambda e: (-len(e), e))
    return "(?:" + "|".join(_phrase(entry, **kwargs) for entry in unique) + ")"


_OPENERS = _alternation(_words("openers"))
_VERBS = _alternation(_words("verbs"))
_VERBS_FIRST = _alternation(_words("verbs_first"))
_COLON = r"[:：]"
# A short word ("Mon", "pe", "ср", "tir.") or two before the first digit of a date: Gmail opens
# its attribution with the weekday in many languages, other clients with the date itself.
_DATE_START = r"[\s>*\-]*(?:[^\W\d_]{1,15}\.?,?\s{1,3}){0,2}\d"

_WORD = re.compile(r"[^\W\d_]+")
# One word of each verb, looked up in a set: a quick "is there a verb at all?" before the
# patterns run (one big alternation tried at every position costs too much on long input).
_VERB_KEYS = frozenset(
    max(_WORD.findall(verb.lower()), key=len)
    for verb in _words("verbs") + _words("verbs_first")
    if _is_letter(verb[0])
)
_VERB_CJK = tuple(v for v in _words("verbs") + _words("verbs_first") if not _is_letter(v[0]))


def has_verb(text: str) -> bool:
    """True when ``text`` holds one of the attribution verbs (a prefilter, not the match)."""
    if any(verb in text for verb in _VERB_CJK):
        return True
    return not _VERB_KEYS.isdisjoint(word.lower() for word in _WORD.findall(text))


# "On <date>, <who> wrote:" and its translations. Requires a digit (checked by the caller).
ATTRIBUTION = re.compile(
    rf"[\s>*\-]*{_OPENERS}[\s,].{{0,300}}?"
    rf"(?:{_VERBS}\s*{_COLON}[\s\-]*|{_VERBS_FIRST}\s.{{0,200}}{_COLON}\s*)",
    re.IGNORECASE,
)
# The same opened by a weekday or the date itself: "pe 20.10.2017 klo 17.50 X kirjoitti:",
# "man. 4. mar. 2024 kl. 10.00 skrev X:", "2024年3月4日 10:00，X 写道：".
DATED_ATTRIBUTION = re.compile(
    rf"{_DATE_START}.{{0,300}}?(?:{_VERBS}\s*{_COLON}[\s\-]*|{_VERBS_FIRST}\s.{{0,200}}{_COLON}\s*)",
    re.IGNORECASE,
)
# How an attribution's first line opens: an opener word, a weekday or a date.
ATTRIBUTION_START = re.compile(rf"[\s>*\-]*(?:{_OPENERS}[\s,]|{_DATE_START})", re.IGNORECASE)
OPENER_START = re.compile(rf"[\s>*\-]*{_OPENERS}[\s,]", re.IGNORECASE)
# "Verkkokauppa Kuusi kirjoitti 4.3.2025 klo 9.12:", "Wiadomość napisana przez X w dniu ...:".
VERB_FIRST_ATTRIBUTION = re.compile(
    rf"[^:]{{0,80}}?{_VERBS_FIRST}\s.{{0,300}}{_COLON}\s*", re.IGNORECASE
)
# A clock time, "09:12" or "9.12" (Finnish, Danish), not a piece of "04.03.2025".
CLOCK = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}(?![\d.])")
# "On <date> <who> <addr> wrote" with the colon missing (some webmails drop it).
COLONLESS_ATTRIBUTION = re.compile(
    rf"[\s>*\-]*(?:{_OPENERS}[\s,]|{_DATE_START}).{{0,300}}?@.{{0,200}}?{_VERBS}\s*",
    re.IGNORECASE,
)
# No verb at all: "30.09.2017, 18.30, "Name" <addr>:", "ср, 30 апр. 2025 г. в 15:19, Name <addr>:",
# "2024年3月4日(月) 10:00 Name <addr>:". The address closes the line, right before the colon.
VERBLESS_ATTRIBUTION = re.compile(
    rf"{_DATE_START}.{{0,300}}?@[^\s<>()\[\]]{{1,255}}[>)\]]{{1,2}}\s*{_COLON}\s*"
)
# "---- John Smith wrote ----" (Android) and "-----On ... wrote-----".
DASHED_ATTRIBUTION = re.compile(
    rf"\s*-{{2,}}.{{1,300}}?{_VERBS}\s*{_COLON}?\s*-{{2,}}\s*", re.IGNORECASE
)
# "Name <someone@example.com> wrote:" on one line, whatever opens it.
ADDRESS_ATTRIBUTION = re.compile(rf".{{0,200}}@.{{0,200}}?{_VERBS}\s*{_COLON}\s*", re.IGNORECASE)
# "Name <addr> schrieb am So., 23.\nJuni 2024, 21:08:": the verb follows the address at once,
# so the attribution may be wrapped.
ADDRESS_THEN_VERB = re.compile(
    rf"[^:]{{0,200}}@[^\s<>()\[\]]{{1,255}}[>)\]]{{0,2}},?\s{{0,3}}(?:{_VERBS}|{_VERBS_FIRST})"
    rf".{{0,200}}{_COLON}\s*",
    re.IGNORECASE,
)
# Where an English attribution can start in the middle of a line ("reply On ... wrote:").
MIDLINE_ON = re.compile(r"(?<=[\s\-])On\s")
TIME_OR_YEAR = re.compile(r"\d{1,2}[:.]\d{2}|(?<!\d)(?:19|20)\d{2}(?!\d)|\d{4}年")

# Weak attribution (only counts when a ">" quote follows): starts with a date or weekday and
# holds an address or a time, ends with ":" or ">".
LEADIN_START = re.compile(
    r"\s*(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Lun|Mar|Mer|Jeu|Ven"
    r"|Sam|Dim|Mo|Di|Mi|Do|Fr|Sa|So)[a-zé]{0,7}\.?,?\s+\d|\d{1,2}\s+\w{3,10}\.?,?\s+\d{4}|On\s)",
    re.IGNORECASE,
)
TIME = re.compile(r"\d{1,2}:\d{2}")
DIGIT = re.compile(r"\d")

# "-----Original Message-----" and translations (Outlook, Yahoo, Zimbra, AOL, GMX, QQ...).
_SEPARATORS = _alternation(_words("separators"))
ORIGINAL_SEPARATOR = re.compile(
    rf"\s*(?:[-_=*]{{2,}}|&nbsp;)\s*{_SEPARATORS}\s*:?\s*(?:[-_=*]{{2,}}\s*)?", re.IGNORECASE
)
FORWARD_MARKER = re.compile(
    rf"\s*[-_=*>]*\s*{_alternation(_words('forwards'))}\s*:?\s*[-_=*]*\s*", re.IGNORECASE
)

# Header blocks ("From: ... Sent: ... To: ... Subject: ...") in several languages.
FROM_FIELDS = frozenset(word.lower() for word in _words("from_fields"))
OTHER_FIELDS = frozenset(word.lower() for word in _words("other_fields"))
HEADER_EVIDENCE = re.compile(r"@|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
# "From:", "**From:**", "Enviada em:", "De :", "发件人:" (Outlook, its web app, Markdown copies).
HEADER_FIELD = re.compile(
    r"\s*[*_]{0,2}\s*((?:[^\W\d_][\w\-]{0,14})(?:\s[^\W\d_]{1,5})?|[^\x00-\x7f]{1,4})"
    r"[*_]{0,2}\s*[:：][*_]{0,2}(?:\s|$)"
)

# Signatures.
# A rule of 4+ dashes (3 is a Markdown rule inside normal text), underscores, "=" or "*".
RULE_LINE = re.compile(r"\s*(?:-{4,}|_{2,}|={4,}|\*{4,})\s*")
DASH_NAME = re.compile(r"-[^\W\d_][\w.'\u2019]*(?:\s+[\w.'\u2019,]+){0,3}\s*")
# A footer's device or app: one to four words ("iPhone", "Outlook for Android", "Galaxy S21").
_DEVICE = r"[\w'’.\-]{1,30}(?:[ \t]+[\w'’.\-]{1,30}){0,3}"
MOBILE_FOOTER = re.compile(
    rf"\s*{_alternation(_words('footers'), placeholder=_DEVICE)}\s*[.!]?\s*"
    r"(?:<[^\s<>]{1,500}>|\(\s*[^\s()]{1,500}\s*\)|\[[^\s\[\]]{1,500}\])?\s*",
    re.IGNORECASE,
)
VALEDICTION = re.compile(
    rf"\s*{_alternation(_words('valedictions'))}\s*[,.!！、，]?\s*", re.IGNORECASE
)
LINK_DEBRIS = re.compile(r"(?:https?://|mailto:|www\.)|^\S{1,120}$", re.IGNORECASE)
EMAIL = re.compile(r"[^\s<>()\[\]\"',;:]{1,64}@[^\s<>()\[\]\"',;:]{1,255}")
