"""Callback windows a customer may pick: whole hours the calendar is open (pure, no ORM)."""

from datetime import datetime, timedelta

from realdesk.sla.calendars import BusinessCalendar

SLOT = timedelta(hours=1)


def open_slots(
    calendar: BusinessCalendar, *, now: datetime, days: int = 7, limit: int = 24
) -> list[tuple[datetime, datetime]]:
    """The next `limit` one-hour windows, starting on the hour, fully inside opening hours
    and at least an hour away (so a person can plan the call), within `days`."""
    start = (now + SLOT).replace(minute=0, second=0, microsecond=0) + SLOT
    end_of_search = now + timedelta(days=days)
    slots: list[tuple[datetime, datetime]] = []
    while start < end_of_search and len(slots) < limit:
        if calendar.between(start, start + SLOT) == SLOT:
            slots.append((start, start + SLOT))
        start += SLOT
    return slots
