"""Opening hours in words, from the business calendar itself (pure, no ORM).

The hours a customer reads on the support center (when the phone and chat are staffed)
and the hours the SLA clocks count are one calendar, so they cannot disagree: a
holiday that stops the clocks also closes the phone and the chat, and says so.
Rendered on the reader's clock: a Berlin office read from New York opens at 3:00 am.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.phrasing import clock_text, describe_instant, words_for

WORDS = {
    "en": {
        "around_the_clock": "around the clock",
        "open_now": "open now, until {until}",
        "open_now_always": "open now",
        "closed_now": "closed now, open again {when}",
        "holiday": "closed today (public holiday), open again {when}",
    },
    "de": {
        "around_the_clock": "rund um die Uhr",
        "open_now": "jetzt geöffnet, bis {until}",
        "open_now_always": "jetzt geöffnet",
        "closed_now": "jetzt geschlossen, wieder ab {when}",
        "holiday": "heute geschlossen (Feiertag), wieder ab {when}",
    },
}
DAY = timedelta(days=1)
WEEKS_SEARCHED = 8  # a weekday that is a holiday this week shows its hours from a later week


@dataclass(frozen=True)
class OpeningHours:
    """What the contact block shows: the regular week and whether someone is there now."""

    week: str  # "Mon-Fri 9:00 am-5:00 pm CET"
    status: str  # "closed now, open again Mon 7 Dec, 9:00 am CET"
    open_now: bool


def _regular_day(calendar: BusinessCalendar, weekday: int, today: date) -> date:
    """The first date from this week on with that weekday that is not a holiday."""
    monday = today - timedelta(days=today.weekday())
    first = monday + timedelta(days=weekday)
    for week in range(WEEKS_SEARCHED):
        day = first + timedelta(weeks=week)
        if day not in calendar.holidays:
            return day
    return first


def _week_text(calendar: BusinessCalendar, *, now: datetime, zone: ZoneInfo, language: str) -> str:
    """Each weekday's spans on the reader's clock, equal neighbours grouped ("Mon-Fri");
    "" for a calendar open around the clock."""
    today = now.astimezone(calendar.tz).date()
    by_day: dict[int, list[str]] = {d: [] for d in range(7)}
    full_days = 0
    for weekday in range(7):
        spans = calendar.open_spans(_regular_day(calendar, weekday, today))
        full_days += sum((e - s for s, e in spans), timedelta(0)) >= DAY - timedelta(hours=1)
        for start, end in spans:
            local_start, local_end = start.astimezone(zone), end.astimezone(zone)
            text = f"{clock_text(local_start, language)}-{clock_text(local_end, language)}"
            by_day[local_start.weekday()].append(text)
    if full_days == 7:
        return ""
    groups: list[tuple[int, int, str]] = []
    for weekday in range(7):
        text = ", ".join(by_day[weekday])
        if not text:
            continue
        if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == text:
            groups[-1] = (groups[-1][0], weekday, text)
        else:
            groups.append((weekday, weekday, text))
    days = words_for(language)["short_days"]
    parts = [f"{days[a]}{'-' + days[b] if b != a else ''} {text}" for a, b, text in groups]
    return f"{'; '.join(parts)} {now.astimezone(zone).tzname()}"


def describe_hours(
    calendar: BusinessCalendar, *, now: datetime, timezone: str, language: str = "en"
) -> OpeningHours:
    """The calendar's regular week and its state at `now`, for a reader in `timezone`."""
    words = WORDS.get(language.split("-")[0].lower(), WORDS["en"])
    zone = ZoneInfo(timezone)
    local_today = now.astimezone(calendar.tz).date()
    week = _week_text(calendar, now=now, zone=zone, language=language)
    if not week:
        return OpeningHours(
            week=words["around_the_clock"], status=words["open_now_always"], open_now=True
        )
    if calendar.is_open(now):
        closes = next((e for s, e in calendar.open_spans(local_today) if s <= now < e), None)
        if closes is None:  # a span that began yesterday and runs past midnight
            status = words["open_now_always"]
        else:
            local = closes.astimezone(zone)
            until = f"{clock_text(local, language)} {local.tzname()}"
            status = words["open_now"].format(until=until)
        return OpeningHours(week=week, status=status, open_now=True)
    when = describe_instant(calendar.next_open(now), timezone=zone, language=language)
    key = "holiday" if local_today in calendar.holidays else "closed_now"
    return OpeningHours(week=week, status=words[key].format(when=when), open_now=False)
