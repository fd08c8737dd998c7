"""Line patterns that mark where quoted history or a signature starts in a reply.

Why a separate module: the vocabulary (attribution verbs, header field names,
"Original Message" separators in a dozen languages) grows over time and is
easier to review on its own. Every pattern here is applied to a single line or
to a few joined lines that are first cut to a bounded length, and uses only
bounded quantifiers, so matching cost is linear in the message size (no
catastrophic backtracking on hostile input).
"""

from __future__ import annotations

import re

MAX_SCAN = 400  # characters of one line that patterns look at
WINDOW_LINES = 6  # an attribution ("On ... wrote:") may be wrapped over this many lines

# Words that start an attribution line, per language (On / Le / Am / El / Il / Op / W dniu ...).
_OPENERS = (
    r"(?:On|Le|Am|El|Il|Op|W\s+dniu|Dnia|Den|På|Em|Vào|Dne|Στις|Pada|Kl\."
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,4}[./-]\w{3,9}\.?[./-]\d{2,4})"
)
# Verbs that end (or precede the sender in) an attribution line.
_VERBS = (
    r"(?:wrote|writes|sent|a\s+écrit|a\s+ecrit|escribió|escribio|ha\s+scritto|scrisse|schreef"
    r"|geschreven|schrieb|napisał|napisała|napisal|napisala|skrev|escreveu|đã\s+viết|написал"
    r"|написала|пишет|kirjoitti|napsal|napsala|írta|yazd\u0131|έγραψε|menulis|wrote\s+the\s+following)"
)
VERB_PRESENT = re.compile(_VERBS, re.IGNORECASE)

# Verbs that come before the sender: "Am <date> schrieb <who>:", "Op <date> schreef <who>:".
_VERBS_FIRST = r"(?:schrieb|schreef)"
# "On <date>, <who> wrote:" and its translations. Requires a digit (checked by the caller).
ATTRIBUTION = re.compile(
    rf"[\s>*\-]*{_OPENERS}[\s,].{{0,300}}?(?:\b{_VERBS}\s*:[\s\-]*|\b{_VERBS_FIRST}\s.{{0,200}}:\s*)",
    re.IGNORECASE,
)
# "---- John Smith wrote ----" (Android) and "-----On ... wrote-----".
DASHED_ATTRIBUTION = re.compile(
    rf"\s*-{{2,}}.{{1,300}}?\b{_VERBS}\s*:?\s*-{{2,}}\s*", re.IGNORECASE
)
# "Name <someone@example.com> wrote:" on one line, whatever opens it.
ADDRESS_ATTRIBUTION = re.compile(rf".{{0,200}}@.{{0,200}}?\b{_VERBS}\s*:\s*", re.IGNORECASE)
# Where an English attribution can start in the middle of a line ("reply On ... wrote:").
MIDLINE_ON = re.compile(r"(?<=[\s\-])On\s")

# Weak attribution (only counts when a ">" quote follows): starts with a date or weekday and
# holds an address or a time, ends with ":" or ">".
LEADIN_START = re.compile(
    r"\s*(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Lun|Mar|Mer|Jeu|Ven"
    r"|Sam|Dim|Mo|Di|Mi|Do|Fr|Sa|So)[a-zé]{0,7}\.?,?\s+\d|\d{1,2}\s+\w{3,10}\.?,?\s+\d{4}|On\s)",
    re.IGNORECASE,
)
TIME = re.compile(r"\d{1,2}:\d{2}")

# "-----Original Message-----" and translations (Outlook, Yahoo, Zimbra, AOL...).
_ORIGINAL = (
    r"(?:Original\s+Message|Reply\s+Message|Ursprüngliche\s+Nachricht|Original-Nachricht"
    r"|Antwort\s+Nachricht|Oprindelig\s+meddelelse|Message\s+d'origine|Mensaje\s+original"
    r"|Messaggio\s+originale|Oorspronkelijk\s+bericht|Opprinnelig\s+melding|Ursprungligt\s+meddelande"
    r"|Alkuperäinen\s+viesti|Исходное\s+сообщение|Původní\s+zpráva|Wiadomość\s+oryginalna"
    r"|Mensagem\s+original|Eredeti\s+üzenet|Orijinal\s+Mesaj)"
)
ORIGINAL_SEPARATOR = re.compile(rf"\s*[-_=*]{{2,}}\s*{_ORIGINAL}\s*:?\s*[-_=*]{{2,}}\s*", re.I)
FORWARD_MARKER = re.compile(
    r"\s*[-_=*>]*\s*(?:Forwarded\s+message|Begin\s+forwarded\s+message|Forwarded\s+Message"
    r"|Weitergeleitete\s+Nachricht|Message\s+transféré|Mensaje\s+reenviado|Messaggio\s+inoltrato"
    r"|Doorgestuurd\s+bericht|Videresendt\s+meddelelse|Vidarebefordrat\s+meddelande"
    r"|Пересылаемое\s+сообщение|Wiadomość\s+przekazana\s+dalej|Mensagem\s+encaminhada)"
    r"\s*:?\s*[-_=*]*\s*",
    re.IGNORECASE,
)

# Header blocks ("From: ... Sent: ... To: ... Subject: ...") in several languages.
FROM_FIELDS = frozenset(
    {
        "from", "von", "de", "van", "fra", "från", "od", "da", "от", "lähettäjä", "feladó",
        "kimden", "发件人", "寄件者", "差出人", "afzender", "remitente", "expéditeur", "mittente",
        "nadawca", "date", "sent", "datum", "fecha", "data", "dato", "дата",
    }
)  # fmt: skip
OTHER_FIELDS = frozenset(
    {
        "to", "cc", "bcc", "subject", "reply-to", "sent", "date", "an", "gesendet", "betreff",
        "kopie", "à", "a", "envoyé", "objet", "para", "enviado", "asunto", "inviato", "oggetto",
        "aan", "verzonden", "onderwerp", "til", "sendt", "emne", "till", "skickat", "ämne", "do",
        "wysłano", "temat", "кому", "отправлено", "тема", "копия", "收件人", "发送时间", "主题",
        "日期", "抄送", "件名", "宛先", "送信日時", "cco", "kp", "aihe", "tárgy", "konu", "kime",
    }
)  # fmt: skip
HEADER_EVIDENCE = re.compile(r"@|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
HEADER_FIELD = re.compile(
    r"\s*[*_]?\s*([^\W\d_][\w\-]{0,14}|[^\x00-\x7f]{1,4})[*_]?\s*:[*_]?(?:\s|$)"
)

# Signatures.
# A rule of 4+ dashes (3 is a Markdown rule inside normal text), underscores, "=" or "*".
RULE_LINE = re.compile(r"\s*(?:-{4,}|_{2,}|={4,}|\*{4,})\s*")
DASH_NAME = re.compile(r"-[^\W\d_][\w.'\u2019]*(?:\s+[\w.'\u2019,]+){0,3}\s*")
MOBILE_FOOTER = re.compile(
    r"\s*(?:Sent\s+from\s+my\s+\w+(?:[ \t]+\w+){0,3}|Sent\s+from\s+(?:Mail|Outlook)\s+for\s+\w+"
    r"|Get\s+Outlook\s+for\s+(?:iOS|Android)|Sent\s+from\s+Yahoo\s+Mail.{0,40}"
    r"|Sent\s+from\s+Samsung\s+Mobile|Sent\s+via\s+the\s+Samsung.{0,60}"
    r"|Sent\s+with\s+Sparrow.{0,60}"
    r"|Envoyé\s+de\s+mon\s+\w+(?:[ \t]+\w+){0,2}|Von\s+meinem\s+\w+(?:[ \t]+\w+){0,2}\s+gesendet"
    r"|Enviado\s+desde\s+mi\s+\w+(?:[ \t]+\w+){0,2}"
    r"|Inviato\s+da(?:l\s+mio)?\s+\w+(?:[ \t]+\w+){0,2}"
    r"|Verzonden\s+met\s+\w+(?:[ \t]+\w+){0,2}|Skickat\s+från\s+min\s+\w+(?:[ \t]+\w+){0,2})\s*",
    re.IGNORECASE,
)
LINK_DEBRIS = re.compile(r"(?:https?://|mailto:|www\.)|^\S{1,120}$", re.IGNORECASE)
EMAIL = re.compile(r"[^\s<>()\[\]\"',;:]{1,64}@[^\s<>()\[\]\"',;:]{1,255}")
