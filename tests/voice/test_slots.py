from datetime import UTC, datetime, time

from realdesk.sla.calendars import BusinessCalendar
from realdesk.voice.slots import open_slots

NINE_TO_FIVE = BusinessCalendar("Europe/Berlin", {day: [(time(9), time(17))] for day in range(5)})


def test_only_whole_open_hours_at_least_an_hour_ahead():
    friday_afternoon = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)  # 15:30 in Berlin
    slots = open_slots(NINE_TO_FIVE, now=friday_afternoon, limit=3)
    local = [start.astimezone(NINE_TO_FIVE.tz) for start, _ in slots]
    assert [(s.weekday(), s.hour) for s in local] == [(0, 9), (0, 10), (0, 11)]
    assert all(end - start == slots[0][1] - slots[0][0] for start, end in slots)


def test_an_always_open_calendar_offers_the_next_hours():
    now = datetime(2026, 12, 5, 10, 5, tzinfo=UTC)
    slots = open_slots(BusinessCalendar.always_open(), now=now, limit=2)
    assert [s.hour for s, _ in slots] == [12, 13]
