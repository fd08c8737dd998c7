"""What robots write: phrase tables per language and sender patterns, as data.

Why a separate module: the vocabulary of vacation replies, bounce subjects and robot
senders grows with every mail system met in the wild, and is easier to review (and to
extend for one more language) as tables than inside the logic that applies them
(``classify.py``, ``bounce.py``). Every pattern is applied to a bounded slice of text and
uses only bounded quantifiers, so matching cost stays linear in the message size.
"""

from __future__ import annotations

import re

# -- vacation / out-of-office ----------------------------------------------------------------------
#: Subject prefixes autoresponders put before the subject they answer ("Automatic reply: …").
#: Each counts only followed by ":" (or a dash) or ending the subject, so that a person's
#: "Out of office tomorrow, can you move our call?" is not taken for a robot.
VACATION_SUBJECT_PREFIXES: dict[str, tuple[str, ...]] = {
    "en": ("automatic reply", "auto reply", "auto-reply", "autoreply", "auto response",
           "automatic response", "out of office", "out of the office", "out-of-office",
           "vacation reply", "away from the office"),
    "de": ("automatische antwort", "abwesenheitsnotiz", "nicht im büro",
           "automatische rückantwort"),
    "fr": ("réponse automatique", "reponse automatique", "absence du bureau", "absent du bureau",
           "message d'absence"),
    "es": ("respuesta automática", "respuesta automatica", "fuera de la oficina",
           "ausente de la oficina", "respuesta de ausencia"),
    "it": ("risposta automatica", "fuori ufficio", "fuori sede", "assente dall'ufficio"),
    "nl": ("automatisch antwoord", "niet op kantoor", "afwezigheidsbericht"),
    "pt": ("resposta automática", "resposta automatica", "fora do escritório",
           "fora do escritorio", "ausente do escritório", "mensagem de ausência"),
    "pl": ("automatyczna odpowiedź", "odpowiedź automatyczna", "poza biurem"),
    "sv": ("automatiskt svar", "frånvaromeddelande", "inte på kontoret"),
    "da": ("automatisk svar", "ikke på kontoret"),
    "nb": ("automatisk svar", "ikke på kontoret"),
    "fi": ("automaattinen vastaus", "poissa toimistolta"),
    "cs": ("automatická odpověď", "mimo kancelář"),
    "tr": ("otomatik yanıt", "otomatik cevap", "ofis dışında"),
    "ru": ("автоматический ответ", "автоответ", "нет на рабочем месте", "вне офиса"),
    "ja": ("自動応答", "自動返信", "不在通知", "不在のお知らせ"),
    "zh": ("自动回复", "自動回覆", "自動回復", "不在办公室"),
    "ko": ("자동 응답", "자동응답", "부재중"),
}  # fmt: skip

#: Subject text that says "somebody is away" anywhere in it (Lotus Notes: "Jane Roe is out of
#: the office.", "AUTO: Jane Roe is out of the office (returning 06/01/2024)").
VACATION_SUBJECT_ANYWHERE: dict[str, tuple[str, ...]] = {
    "en": (r"\bis out of (?:the )?office\b", r"\bis away from (?:the|my) office\b"),
    "de": (r"\bist nicht im büro\b", r"\bist abwesend\b"),
    "fr": (r"\best absente? du bureau\b",),
    "es": (r"\bestá fuera de la oficina\b",),
    "it": (r"\bè fuori ufficio\b",),
    "nl": (r"\bis afwezig\b",),
    "pt": (r"\bestá fora do escritório\b",),
}

#: Sentences that only autoresponders write: a person mentioning being away writes "I'm out
#: tomorrow, can you …", not "I am out of the office until … with limited access to email".
#: Used on the first lines of a short body (see classify.VACATION_BODY_CHARS).
VACATION_BODY: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bthis is an? automat(?:ic|ed)(?:ally generated)? (?:reply|response|message|e-?mail)",
        r"\bi (?:am|will be) (?:currently )?(?:out of (?:the )?office|away|on (?:annual )?leave"
        r"|on (?:vacation|holiday)|travell?ing|out)(?:,| and| with| until| till| from| through"
        r" returning| back)",
        r"\b(?:limited|intermittent|restricted) access to (?:my )?e-?mails?\b",
        r"\b(?:will|shall) (?:respond|reply|answer|get back to you|read)\b.{0,60}"
        r"\b(?:upon|on|after|when i) (?:my )?return",
        r"\bi(?:'m| am) (?:currently )?out of (?:the )?office\b.{0,80}"
        r"\b(?:until|returning|back on|return on)\b",
    ),
    "de": (
        r"\bich bin (?:bis|vom|ab|derzeit|zurzeit|momentan)\b.{0,80}"
        r"\b(?:nicht im büro|abwesend|im urlaub|nicht erreichbar)",
        r"\bdies ist eine automatische (?:antwort|nachricht)",
        r"\bihre (?:e-?mail|nachricht) wird (?:nicht )?weitergeleitet",
        r"\bab dem .{1,30} wieder (?:im büro|erreichbar)",
    ),
    "fr": (
        r"\bje suis (?:actuellement )?absente?\b.{0,80}\b(?:jusqu|du|à partir|et)",
        r"\bceci est une réponse automatique",
        r"\bje (?:serai|suis) de retour le\b",
    ),
    "es": (
        r"\bestoy (?:actualmente )?(?:fuera de la oficina|de vacaciones|ausente)\b",
        r"\besta es una respuesta automática",
        r"\bestaré (?:fuera|de vuelta|de regreso)\b",
    ),
    "it": (
        r"\bsono (?:attualmente )?(?:fuori ufficio|in ferie|assente)\b",
        r"\bquesta è una risposta automatica",
        r"\bsarò di ritorno\b",
    ),
    "nl": (
        r"\bik ben (?:momenteel |tot en met |tot )?.{0,40}\b"
        r"(?:afwezig|niet op kantoor|met vakantie)",
        r"\bdit is een automatisch (?:antwoord|bericht)",
    ),
    "pt": (
        r"\bestou (?:atualmente )?(?:fora do escritório|de férias|ausente)\b",
        r"\besta é uma resposta automática",
        r"\bestarei de volta\b",
    ),
    "ja": (r"不在にしております", r"不在のため", r"休暇を(?:いただいて|取得して)",
           r"自動(?:返信|応答)"),
    "zh": (r"我(?:目前|现在)?不在办公室", r"休假", r"自动回复", r"自動回覆"),
    "ru": (r"\bя (?:сейчас |в настоящее время )?(?:в отпуске|нахожусь в отпуске|вне офиса)",
           r"\bэто автоматический ответ", r"\bменя нет в офисе"),
    "pl": (r"\bjestem (?:obecnie )?(?:poza biurem|na urlopie)",),
}  # fmt: skip

# -- bounces ---------------------------------------------------------------------------------------
#: Subjects of delivery failure reports (and warnings), per language.
BOUNCE_SUBJECT: dict[str, tuple[str, ...]] = {
    "en": (r"undeliver", r"delivery (?:status notification|failure|has failed|failed|problem)",
           r"mail delivery failed", r"returned mail", r"failure notice", r"delivery notification",
           r"returned to sender", r"could not (?:be )?deliver", r"mail system error",
           r"delivery report", r"non[- ]?delivery", r"message not delivered", r"warning: could not",
           r"delayed mail", r"nondeliverable", r"failed delivery", r"mail not delivered",
           r"bounced? (?:mail|message)", r"delivery (?:error|warning)", r"rejected mail",
           r"automatically rejected", r"message rejected", r"user unknown", r"unknown user"),
    "de": (r"unzustellbar", r"nicht zustellbar", r"zustellung fehlgeschlagen",
           r"fehler bei der zustellung", r"unzustellbare nachricht"),
    "fr": (r"non remis", r"échec de (?:la )?(?:remise|distribution)", r"non distribu",
           r"message non délivré"),
    "es": (r"no se puede entregar", r"entrega fallida", r"no entregado", r"error de entrega"),
    "it": (r"non recapitabile", r"mancato recapito", r"impossibile recapitare"),
    "nl": (r"onbestelbaar", r"niet bezorgd", r"kan niet worden bezorgd"),
    "pt": (r"não é possível entregar", r"não entregue", r"falha na entrega"),
    "ru": (r"не доставлено", r"недоставленное сообщение", r"ошибка доставки"),
    "ja": (r"配信エラー", r"送信エラー", r"配送エラー", r"配信不能", r"配信できません", r"宛先不明",
           r"エラーメール", r"不達", r"送信できませんでした"),
    "zh": (r"退信", r"投递失败", r"无法投递", r"發送失敗", r"发送失败"),
}  # fmt: skip

#: Body text that says our mail failed (used with a bounce-like subject or sender).
BOUNCE_BODY = (
    r"could not be delivered|couldn't be delivered|wasn't delivered|was not delivered"
    r"|undeliverable|delivery (?:to the following|has failed|failed)|unable to deliver"
    r"|permanent (?:error|failure)|user unknown|unknown user|no such (?:user|mailbox|recipient)"
    r"|mailbox (?:unavailable|full|not found)|recipient (?:address )?rejected|address rejected"
    r"|following (?:address|recipient)|not (?:be )?delivered|failed recipient"
    r"|(?:配信|送信|配送)(?:に失敗|できません)|宛先.{0,10}(?:見つかり|存在し)|送信できませんでした"
    r"|unzustellbar|nicht zugestellt|non remis|no se pudo entregar|无法投递|退信"
    r"|postponed due to|automatically rejected|delivery problems"
)

#: Words on the line of a report that names a failed recipient ("User unknown: <bob@…>",
#: "Invalid final delivery userid: bob@…"). Only used once the mail is known to be a report.
LINE_FAILURE = (
    BOUNCE_BODY + r"|invalid|unknown|not known|\bfull\b|rejected|error|failed|failure|not found"
    r"|does(?: not|n't) exist|unable|quota|disabled|inactive|refused|denied|bounced|postponed"
    r"|addressed to|intended recipient|not (?:exactly )?match|no valid recipient|expired"
    r"|wrong|no longer|not valid"
)

#: Labels before a failed recipient ("Intended recipient: bob@…", "宛先: bob@…").
RECIPIENT_LABELS = (
    r"recipient|address|addressee|user|mailbox|empfänger|adresse|destinataire|destinatario"
    r"|destinatário|ontvanger|宛先|受信者|收件人|收件者|получатель|адрес"
)
#: Words of a line that introduces the failed recipients on the next lines.
INTRO_WORDS = r"following|以下|下記|folgende|suivant|siguiente|seguent|volgende|seguinte|следующ"

#: How mail systems introduce themselves at the top of a report.
MAIL_SYSTEM_BODY = (
    r"created automatically by mail delivery software|this is the mail system at host"
    r"|this is an automatically generated delivery status notification"
    r"|this is the (?:qmail-send|postfix) program|i'm afraid i wasn't able to deliver"
    r"|this is the mail delivery agent|this is an automatically generated (?:mail|message) from"
    r"|the original message was received at"
)

#: Text that says the failure is only a delay: the mail system will try again.
DELAY_BODY = (
    r"will (?:continue to |keep )?(?:be )?(?:retr(?:y|ied)|try again|try to deliver|attempt)"
    r"|still (?:trying|being retried)"
    r"|warning only|this is a warning"
    r"|could not (?:send|be delivered) (?:message )?for (?:the )?past"
    r"|attempts will continue|has not yet been delivered|delivery (?:is|has been) delayed"
    r"|\bdelayed\b"
    r"|temporar(?:y|ily)|no need to resend|do not need to resend"
)

#: ... unless it also says the mail system gave up.
GAVE_UP_BODY = (
    r"not going to try again|giving up|gave up|will not (?:be )?retr|permanent(?:ly)?"
    r"|no further attempts|has been returned|message expired|too long in (?:the )?queue"
    r"|after \d{1,4} attempt"
)

#: Lines that start the returned copy of the original message (its text is not the report).
ORIGINAL_MARKERS = (
    r"-{2,}\s*(?:original message|below this line is a copy|this is a copy of the message"
    r"|unsent message below|the original message|original message follows"
    r"|returned message|message text follows|included message)"
    r"|original message follows|---+ ?(?:forwarded|original) message ?---+"
    r"|^-{2,} ?(?:the )?headers? of (?:the )?(?:original|your) message"
)

# -- senders ---------------------------------------------------------------------------------------
#: Mail-system local parts, compared without "-", "_" and digits ("post_master", "MAILER_DAEMON",
#: "postmaster2"). A dot is not removed: "post.master@" is a person called Post Master.
DAEMON_LOCAL_PARTS = frozenset(
    {"mailerdaemon", "maildaemon", "postmaster", "mailadmin", "mailerror", "mailererror",
     "maildeliverysystem", "maildeliverysubsystem", "bounce", "bounces", "smtp", "mta", "mailer",
     "mdaemon", "ndr"}
)  # fmt: skip
DAEMON_NAMES = r"mailer[\s_-]?daemon|mail delivery (?:subsystem|system|service)|postmaster\b"

#: Local-part endings and beginnings of mailing-list robots (list-request@, owner-list@ ...).
LIST_ROBOT_SUFFIXES = ("-request", "-owner", "-bounces", "-bounce", "-errors", "-confirm",
                       "-unsubscribe", "-ctl")  # fmt: skip
LIST_ROBOT_PREFIXES = ("owner-", "bounce-", "bounces-")
LIST_ROBOT_LOCAL_PARTS = frozenset(
    {"mailman", "majordomo", "listserv", "listproc", "ezmlm", "fml", "sympa", "lyris",
     "mailman-owner", "mailman-bounces", "fmlserv", "listmanager"}
)  # fmt: skip
#: "-admin" is also a team's address ("it-admin@"): a list robot only when the mail says so.
LIST_ADMIN_SUFFIX = "-admin"
LIST_SOFTWARE_TEXT = (
    r"\bmailman\b|\bfml\b|\bmajordomo\b|\blistserv\b|\bezmlm\b|\bsympa\b|mailing[ -]list"
    r"|メーリングリスト|\bML\b"
)

#: Senders of vendor notifications: addresses nobody reads (no-reply@, notifications@) and
#: relays whose mail is machine output (Amazon SNS, SES feedback).
NOTIFICATION_LOCAL_PARTS = (
    r"no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|notifications?|notify|alerts?"
    r"|automailer|auto[-_.]?mail|mailer[-_.]?noreply|dmarc[-_.]?(?:report|noreply|support)"
    r"|noreply[-_.].*|.*[-_.]noreply"
)
NOTIFICATION_DOMAINS = (
    r"sns\.amazonaws\.com",
    r"amazonses\.com",
    r"email-smtp\.[a-z0-9-]+\.amazonaws\.com",
)

# -- reports ---------------------------------------------------------------------------------------
#: DMARC aggregate reports: "Report Domain: example.com Submitter: google.com Report-ID: …" and
#: their files "receiver!domain!begin!end.xml.gz".
DMARC_SUBJECT = r"report\s+domain\s*:.{1,255}?submitter\s*:"
DMARC_FILENAME = r"^[^!\s]{1,255}![^!\s]{1,255}!\d{6,12}!\d{6,12}(?:![^!\s]{0,64})?\.(?:xml|zip|gz)"
#: Amazon SES notifications relayed as JSON (through SNS, or by a forwarding rule).
JSON_NOTIFICATION = (
    r'"(?:notificationType|eventType)"\s{0,5}:\s{0,5}"(?:Bounce|Complaint|Delivery|Send|Reject)"'
    r'|"Type"\s{0,5}:\s{0,5}"(?:Notification|SubscriptionConfirmation)"'
)

#: Subject prefixes of a forward ("Fwd:", "WG:", "TR:" ...): a person passing mail on.
FORWARD_SUBJECT = r"(?:fwd?|fw|wg|tr|rv|enc|doorst|vs|vb|转发|轉寄|転送)\s*:"


def compiled(
    table: dict[str, tuple[str, ...]], *, template: str = "{}"
) -> list[tuple[str, re.Pattern]]:
    """(language, one pattern for all of the language's phrases), each phrase put in template."""
    return [
        (language, re.compile("|".join(template.format(p) for p in phrases), re.IGNORECASE))
        for language, phrases in table.items()
    ]
