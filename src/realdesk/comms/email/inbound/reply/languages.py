# ruff: noqa: RUF001  (the tables hold Cyrillic, Turkish and CJK letters and punctuation on purpose)
"""What mail clients write around a reply, one table per language.

Why tables and not one regular expression: a new client or language is a new entry that a
reviewer can check against a real email, and ``reply_patterns`` builds bounded patterns out
of these words once, so matching stays linear however long the tables grow.

Each entry is literal text. A space stands for any run of blanks; ``{x}`` in a footer stands
for one to four words (the device or app: "iPhone", "Outlook for Android", "Galaxy S21").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """The words one language's clients use. Every field is optional."""

    code: str
    # Words that open an attribution line: "On <date>, <who> wrote:", "Le <date>, <who> a écrit :".
    openers: tuple[str, ...] = ()
    # Verbs that close an attribution, right before its colon: "wrote", "a écrit", "napisał(a)".
    verbs: tuple[str, ...] = ()
    # Verbs followed by the sender (or the date) before the colon: "Am <date> schrieb <who>:".
    verbs_first: tuple[str, ...] = ()
    # "-----Original Message-----" separators (the dashes around them are added by the pattern).
    separators: tuple[str, ...] = ()
    # "---------- Forwarded message ----------": the quoted part is the content, kept whole.
    forwards: tuple[str, ...] = ()
    # Header block fields ("From: / Sent: / To: / Subject:") that start a block and that follow.
    from_fields: tuple[str, ...] = ()
    other_fields: tuple[str, ...] = ()
    # Footers a mail app adds under the reply ("Sent from my {x}"); {x} is the device or app.
    footers: tuple[str, ...] = ()
    # Closing lines that start a sign-off block ("Kind regards," then a name and a title). Only
    # where the reference parser our labels follow strips them (English and French): a German
    # "Mit freundlichen Grüßen" block is kept, as it expects, and costs an agent nothing.
    valedictions: tuple[str, ...] = ()


LANGUAGES: tuple[Language, ...] = (
    Language(
        "en",
        openers=("On",),
        verbs=("wrote", "writes", "sent", "wrote the following"),
        separators=("Original Message", "Original", "Reply Message", "Original Email"),
        forwards=("Forwarded message", "Begin forwarded message", "Forwarded Message"),
        from_fields=("From", "Date", "Sent"),
        other_fields=("To", "Cc", "Bcc", "Subject", "Reply-To", "Sent", "Date"),
        footers=(
            "Sent from my {x}",
            "Sent from {x} for {x}",
            "Sent from Yahoo Mail {x}",
            "Sent from Yahoo Mail",
            "Sent from Outlook",
            "Sent from Mail",
            "Sent from TypeApp",
            "Sent from BlueMail",
            "Sent from ProtonMail {x}",
            "Sent with ProtonMail {x}",
            "Sent with Proton Mail {x}",
            "Sent from Samsung Mobile",
            "Sent via the Samsung {x}",
            "Sent with Sparrow",
            "Sent from the all new AOL app for {x}",
            "Get Outlook for {x}",
            "Download Outlook for {x}",
            "Get BlueMail for {x}",
            "Sent from Mail for {x}",
            "Sent from Gmail Mobile",
            "Sent from Zoho Mail",
            "Sent from my mobile device",
        ),
        valedictions=(
            "Regards",
            "Best regards",
            "Kind regards",
            "Warm regards",
            "Warmest regards",
            "Best Regards",
            "With regards",
            "Many regards",
            "Cheers",
            "Best wishes",
            "Thanks and regards",
            "Thanks & regards",
        ),
    ),
    Language(
        "de",
        openers=("Am",),
        verbs=("schrieb", "geschrieben", "Folgendes geschrieben"),
        verbs_first=("schrieb",),
        separators=(
            "Ursprüngliche Nachricht",
            "Original-Nachricht",
            "Originalnachricht",
            "Antwort Nachricht",
            "Ursprüngliche Mitteilung",
        ),
        forwards=("Weitergeleitete Nachricht", "Weitergeleitete Mitteilung"),
        from_fields=("Von", "Gesendet", "Datum"),
        other_fields=("An", "Gesendet", "Datum", "Betreff", "Kopie", "Cc", "Antwort an"),
        footers=(
            "Von meinem {x} gesendet",
            "Gesendet von meinem {x}",
            "Gesendet von {x} für {x}",
            "Gesendet mit der {x}",
            "Gesendet von {x}",
            "Outlook für {x} herunterladen",
        ),
    ),
    Language(
        "fr",
        openers=("Le",),
        verbs=("a écrit", "a ecrit", "écrit"),
        separators=("Message d'origine", "Message original", "Message d’origine"),
        forwards=("Message transféré", "Début du message réexpédié"),
        from_fields=("De", "Expéditeur", "Date", "Envoyé"),
        other_fields=("À", "A", "Envoyé", "Date", "Objet", "Cc", "Répondre à"),
        footers=(
            "Envoyé de mon {x}",
            "Envoyé depuis mon {x}",
            "Envoyé depuis {x}",
            "Envoyé à partir de {x}",
            "Télécharger Outlook pour {x}",
            "Obtenir Outlook pour {x}",
        ),
        valedictions=(
            "Cordialement",
            "Bien cordialement",
            "Très cordialement",
            "Bien à vous",
            "Bonne journée",
            "Bonne soirée",
        ),
    ),
    Language(
        "es",
        openers=("El",),
        verbs=("escribió", "escribio"),
        separators=("Mensaje original",),
        forwards=("Mensaje reenviado",),
        from_fields=("De", "Remitente", "Fecha", "Enviado"),
        other_fields=("Para", "Enviado", "Fecha", "Asunto", "CC", "CCO"),
        footers=(
            "Enviado desde mi {x}",
            "Enviado desde {x}",
            "Obtener Outlook para {x}",
        ),
    ),
    Language(
        "it",
        openers=("Il", "Il giorno", "In data"),
        verbs=("ha scritto", "scrisse"),
        separators=("Messaggio originale",),
        forwards=("Messaggio inoltrato",),
        from_fields=("Da", "Mittente", "Data", "Inviato"),
        other_fields=("A", "Inviato", "Data", "Oggetto", "Cc", "Ccn"),
        footers=("Inviato da {x}", "Inviato dal mio {x}", "Scarica Outlook per {x}"),
    ),
    Language(
        "pt",
        openers=("Em",),
        verbs=("escreveu",),
        separators=("Mensagem original",),
        forwards=("Mensagem encaminhada",),
        from_fields=("De", "Data", "Enviado", "Enviada em"),
        other_fields=("Para", "Enviado", "Enviada em", "Data", "Assunto", "Cc"),
        footers=(
            "Enviado do meu {x}",
            "Enviado de meu {x}",
            "Enviado do {x}",
            "Obter o Outlook para {x}",
        ),
    ),
    Language(
        "nl",
        openers=("Op",),
        verbs=("schreef", "geschreven", "het volgende geschreven"),
        verbs_first=("schreef",),
        separators=("Oorspronkelijk bericht", "Origineel bericht", "Originele bericht"),
        forwards=("Doorgestuurd bericht",),
        from_fields=("Van", "Afzender", "Datum", "Verzonden"),
        other_fields=("Aan", "Verzonden", "Datum", "Onderwerp", "CC"),
        footers=(
            "Verzonden met {x}",
            "Verzonden vanaf {x}",
            "Verstuurd vanaf {x}",
            "Verzonden vanaf mijn {x}",
            "Verstuurd vanaf mijn {x}",
            "Outlook voor {x} downloaden",
        ),
    ),
    Language(
        "pl",
        openers=("W dniu", "Dnia"),
        verbs=(
            "napisał(a)",
            "napisał",
            "napisała",
            "napisal",
            "napisala",
            "pisze",
            "napisana przez",
        ),
        verbs_first=("napisana przez",),
        separators=("Wiadomość oryginalna", "Oryginalna wiadomość"),
        forwards=("Wiadomość przekazana dalej", "Przekazana wiadomość"),
        from_fields=("Od", "Nadawca", "Data", "Wysłano"),
        other_fields=("Do", "Wysłano", "Data", "Temat", "DW", "Kopia"),
        footers=("Wysłane z {x}", "Wysłane z mojego {x}", "Pobierz Outlook dla {x}"),
    ),
    Language(
        "ru",
        verbs=("написал(а)", "написал", "написала", "пишет", "писал"),
        separators=("Исходное сообщение", "Оригинальное сообщение", "Original message"),
        forwards=("Пересылаемое сообщение", "Пересланное сообщение"),
        from_fields=("От", "Дата", "Отправлено"),
        other_fields=("Кому", "Отправлено", "Дата", "Тема", "Копия"),
        footers=("Отправлено с {x}", "Отправлено из {x}", "Отправлено с моего {x}"),
    ),
    Language(
        "sv",
        openers=("Den", "På"),
        verbs=("skrev",),
        verbs_first=("skrev",),
        separators=("Ursprungligt meddelande", "Originalmeddelande"),
        forwards=("Vidarebefordrat meddelande",),
        from_fields=("Från", "Datum", "Skickat"),
        other_fields=("Till", "Skickat", "Datum", "Ämne", "Kopia"),
        footers=("Skickat från min {x}", "Skickat från {x}", "Hämta Outlook för {x}"),
    ),
    Language(
        "da",
        openers=("Den",),
        verbs=("skrev",),
        verbs_first=("skrev",),
        separators=("Oprindelig besked", "Oprindelig meddelelse", "Original meddelelse"),
        forwards=("Videresendt besked", "Videresendt meddelelse"),
        from_fields=("Fra", "Dato", "Sendt"),
        other_fields=("Til", "Sendt", "Dato", "Emne", "Cc"),
        footers=("Sendt fra min {x}", "Sendt fra {x}", "Hent Outlook til {x}"),
    ),
    Language(
        "no",
        openers=("Den",),
        verbs=("skrev",),
        verbs_first=("skrev",),
        separators=("Opprinnelig melding", "Videresendt melding"),
        from_fields=("Fra", "Dato", "Sendt"),
        other_fields=("Til", "Sendt", "Dato", "Emne", "Kopi"),
        footers=("Sendt fra min {x}", "Sendt fra {x}", "Få Outlook for {x}"),
    ),
    Language(
        "fi",
        verbs=("kirjoitti",),
        verbs_first=("kirjoitti",),
        separators=("Alkuperäinen viesti",),
        forwards=("Välitetty viesti",),
        from_fields=("Lähettäjä", "Päivämäärä", "Lähetetty"),
        other_fields=("Vastaanottaja", "Lähetetty", "Päivämäärä", "Aihe", "Kopio"),
        footers=(
            "Lähetetty {x}",
            "Lähetetty {x} sta",
            "Lähetetty laitteesta {x}",
            "Hanki Outlook for {x}",
        ),
    ),
    Language(
        "tr",
        verbs=("yazdı", "şunu yazdı", "şunları yazdı"),
        separators=("Orijinal Mesaj", "Orjinal Mesaj", "Özgün ileti"),
        forwards=("İletilen ileti",),
        from_fields=("Kimden", "Tarih", "Gönderildi", "Gönderen"),
        other_fields=("Kime", "Gönderildi", "Tarih", "Konu", "Bilgi"),
        footers=(
            "{x} cihazımdan gönderildi",
            "{x} ile gönderildi",
            "{x} üzerinden gönderildi",
            "{x}'umdan gönderildi",
            "{x}'dan gönderildi",
        ),
    ),
    Language(
        "ja",
        verbs=("のメール", "のメッセージ", "さんは書きました", "は書きました", "書きました"),
        separators=("元のメッセージ", "Original Message"),
        forwards=("転送メッセージ",),
        from_fields=("差出人", "送信者", "日付", "送信日時"),
        other_fields=("宛先", "送信日時", "日付", "件名", "CC"),
        footers=("{x}から送信", "{x} から送信"),
    ),
    Language(
        "zh",
        verbs=("写道", "寫道", "寫了", "写了"),
        separators=("原始邮件", "原始郵件", "原始消息", "Original"),
        forwards=("转发的邮件", "轉寄的郵件"),
        from_fields=("发件人", "寄件者", "寄件人", "发送时间", "日期"),
        other_fields=("收件人", "发送时间", "日期", "主题", "主旨", "抄送", "收件者", "副本"),
        footers=("发自我的{x}", "发自我的 {x}", "從我的{x}傳送", "来自{x}"),
    ),
    Language(
        "cs",
        openers=("Dne",),
        verbs=("napsal(a)", "napsal", "napsala"),
        verbs_first=("odesílatel",),
        separators=("Původní zpráva", "Původní e-mail"),
        forwards=("Přeposlaná zpráva",),
        from_fields=("Od", "Odesílatel", "Datum", "Odesláno"),
        other_fields=("Komu", "Odesláno", "Datum", "Předmět", "Kopie"),
        footers=("Odesláno z {x}", "Odesláno z mého {x}"),
    ),
    Language(
        "hu",
        verbs=("írta", "ezt írta"),
        verbs_first=("ezt írta",),
        separators=("Eredeti üzenet", "Eredeti levél"),
        forwards=("Továbbított üzenet",),
        from_fields=("Feladó", "Dátum", "Elküldve"),
        other_fields=("Címzett", "Elküldve", "Dátum", "Tárgy", "Másolat"),
        footers=("{x} készülékről küldve", "Az én {x} készülékemről küldve", "Küldve {x}"),
    ),
    Language(
        "other",  # smaller languages seen: Greek, Vietnamese, Indonesian, Korean
        openers=("Στις", "Vào", "Pada", "Kl."),
        verbs=("έγραψε", "đã viết", "menulis", "작성", "님이 작성", "пише"),
        separators=("Αρχικό μήνυμα", "Thư gốc", "Pesan asli", "원본 메시지", "Pôvodná správa"),
        from_fields=("Από", "보낸 사람"),
        other_fields=("Προς", "Θέμα", "받는 사람", "제목", "날짜", "보낸 날짜"),
    ),
)
