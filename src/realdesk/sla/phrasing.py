"""When, in words a person uses: "by 3:30 pm today", "Monday morning" (pure).

Never "within a few days": a customer can plan around a time, not around a mood.
"""

from datetime import datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

PHRASES = {
    "en": {
        "instant": "{weekday} {day} {month}, {time} {zone}",
        "short_days": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        "short_months": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                         "Oct", "Nov", "Dec"),
        "told": "{phrase} (by {instant})",
        "on_reply": "as soon as you reply",
        "on_write_back": "as soon as you write back to us",
        "today": "by {time} today",
        "tomorrow": "tomorrow {part}",
        "weekday": "{day} {part}",
        "date": "by {date}",
        "parts": ("morning", "afternoon", "evening"),
        "days": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "months": ("January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December"),
        "date_format": "{weekday} {day} {month}",
    },
    "de": {
        "instant": "{weekday} {day}. {month}, {time} {zone}",
        "short_days": ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."),
        "short_months": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.",
                         "Sept.", "Okt.", "Nov.", "Dez."),
        "told": "{phrase} (bis {instant})",
        "on_reply": "sobald Sie uns antworten",
        "on_write_back": "sobald Sie uns wieder schreiben",
        "today": "heute bis {time} Uhr",
        "tomorrow": "morgen {part}",
        "weekday": "am {day}{part_suffix}",
        "date": "bis {date}",
        "parts": ("Vormittag", "Nachmittag", "Abend"),
        "days": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        "months": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                   "August", "September", "Oktober", "November", "Dezember"),
        "date_format": "{weekday}, {day}. {month}",
    },
    "fr": {
        "instant": "{weekday} {day} {month}, {time} {zone}",
        "short_days": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
        "short_months": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                         "sept.", "oct.", "nov.", "déc."),
        "told": "{phrase} (avant {instant})",
        "on_reply": "dès que vous nous répondez",
        "on_write_back": "dès que vous nous réécrivez",
        "today": "aujourd'hui avant {time}",
        "tomorrow": "demain {part}",
        "weekday": "{day} {part}",
        "date": "d'ici le {date}",
        "parts": ("matin", "après-midi", "soir"),
        "days": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        "months": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                   "août", "septembre", "octobre", "novembre", "décembre"),
        "date_format": "{weekday} {day} {month}",
    },
    "es": {
        "instant": "{weekday} {day} {month}, {time} {zone}",
        "short_days": ("lun.", "mar.", "mié.", "jue.", "vie.", "sáb.", "dom."),
        "short_months": ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.",
                         "sept.", "oct.", "nov.", "dic."),
        "told": "{phrase} (antes del {instant})",
        "on_reply": "en cuanto nos responda",
        "on_write_back": "en cuanto nos vuelva a escribir",
        "today": "hoy antes de {time}",
        "tomorrow": "mañana por la {part}",
        "weekday": "el {day} por la {part}",
        "date": "antes del {date}",
        "parts": ("mañana", "tarde", "noche"),
        "days": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        "months": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                   "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
        "date_format": "{weekday} {day} de {month}",
    },
}  # fmt: skip
ROUND_TO = timedelta(minutes=15)


def _round_up(t: datetime) -> datetime:
    """Promise a clean quarter hour, never earlier than the prediction itself."""
    base = t.replace(minute=0, second=0, microsecond=0)
    steps = -(-(t - base) // ROUND_TO)
    return base + steps * ROUND_TO


def clock_text(t: datetime, language: str) -> str:
    """A wall-clock time as the language writes it: "5:00 pm", "17:00", "17 h 00"."""
    if language == "en":
        hour = t.hour % 12 or 12
        return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"
    if language == "fr":
        return f"{t.hour} h {t.minute:02d}"
    return f"{t.hour}:{t.minute:02d}"


def _part_of_day(t: datetime) -> int:
    """0 morning (until noon), 1 afternoon (until 6 pm), 2 evening."""
    if t.time() <= time(12):
        return 0
    return 1 if t.time() <= time(18) else 2


def describe_waiting_on_customer(*, solved: bool, language: str = "en") -> str:
    """When we next write if the next move is the customer's: on a pending ticket
    ("as soon as you reply"), or on a solved one ("as soon as you write back to us")."""
    return words_for(language)["on_write_back" if solved else "on_reply"]


def words_for(language: str) -> dict:
    """The phrase table of a language ("de-AT" reads German), English when we have none."""
    return PHRASES.get(language.split("-")[0].lower(), PHRASES["en"])


def _zone(timezone: str | tzinfo) -> tzinfo:
    return ZoneInfo(timezone) if isinstance(timezone, str) else timezone


def told_instant(when: datetime, *, now: datetime) -> datetime:
    """The instant a phrase stands for: the quarter hour at or after the prediction,
    never in the past. Every phrase and its exact time are cut from this one instant,
    so the words and the time a customer reads can never disagree."""
    return _round_up(max(when, now))


def describe_instant(when: datetime, *, timezone: str | tzinfo, language: str = "en") -> str:
    """An exact time on the reader's clock, with its zone: "Mon 7 Dec, 5:00 pm CET"."""
    words = words_for(language)
    local = when.astimezone(_zone(timezone))
    return words["instant"].format(
        weekday=words["short_days"][local.weekday()],
        day=local.day,
        month=words["short_months"][local.month - 1],
        time=clock_text(local, language),
        zone=local.tzname(),
    )


def describe_told(
    when: datetime, *, now: datetime, timezone: str | tzinfo, language: str = "en"
) -> str:
    """What a customer reads about when they will hear from us: the words and the exact
    time on their clock, "Monday afternoon (by Mon 7 Dec, 5:00 pm CET)"."""
    phrase = describe_eta(when, now=now, timezone=timezone, language=language)
    instant = describe_instant(told_instant(when, now=now), timezone=timezone, language=language)
    return words_for(language)["told"].format(phrase=phrase, instant=instant)


def describe_eta(
    when: datetime, *, now: datetime, timezone: str | tzinfo, language: str = "en"
) -> str:
    """`when` for a person in `timezone`: "by 3:30 pm today", "tomorrow morning",
    "Monday morning", then a date ("by Tuesday 14 April"); never "a few days".

    A time already past is phrased as the next quarter hour: we owe an answer now.
    Unknown languages fall back to English.
    """
    words = words_for(language)
    zone = _zone(timezone)
    local_now = now.astimezone(zone)
    local = told_instant(when, now=now).astimezone(zone)
    days = (local.date() - local_now.date()).days
    part = words["parts"][_part_of_day(local)]
    if days == 0:
        base = language.split("-")[0].lower()
        clock = clock_text(local, base)
        if base == "es":  # "antes de la 1:30", "antes de las 15:30"
            clock = f"{'la' if local.hour == 1 else 'las'} {clock}"
        return words["today"].format(time=clock)
    if days == 1:
        return words["tomorrow"].format(part=part)
    day = words["days"][local.weekday()]
    if days < 7:
        return words["weekday"].format(day=day, part=part, part_suffix=part.lower())
    date_text = words["date_format"].format(
        weekday=day, day=local.day, month=words["months"][local.month - 1]
    )
    return words["date"].format(date=date_text)
