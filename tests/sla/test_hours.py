"""One source for hours: what the support center says about when a person answers is the
business calendar the SLA clocks count, on the reader's clock; a holiday closes all."""

from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string

from realdesk.portal_access.actions import contact_block_save
from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.hours import describe_hours
from realdesk.sla.models import BusinessCalendar as StoredCalendar
from realdesk.sla.models import SLAPolicy
from sla.conftest import H

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE = BusinessCalendar.from_settings(
    "Europe/Berlin",
    {**{d: [("09:00", "17:00")] for d in WEEKDAYS}, "sat": [("09:00", "14:00")]},
    extra_holidays=["2026-12-08"],
)
SATURDAY = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
SUNDAY = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
HOLIDAY = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "language", "week", "status"),
    [
        (SATURDAY, "Europe/Berlin", "en", "Mon-Fri 9:00 am-5:00 pm; Sat 9:00 am-2:00 pm CET",
         "open now, until 2:00 pm CET"),
        (SATURDAY, "Europe/Berlin", "de", "Mo.-Fr. 9:00-17:00; Sa. 9:00-14:00 CET",
         "jetzt geöffnet, bis 14:00 CET"),
        (SUNDAY, "America/New_York", "en", "Mon-Fri 3:00 am-11:00 am; Sat 3:00 am-8:00 am EST",
         "closed now, open again Mon 7 Dec, 3:00 am EST"),
        (HOLIDAY, "Europe/Berlin", "en", "Mon-Fri 9:00 am-5:00 pm; Sat 9:00 am-2:00 pm CET",
         "closed today (public holiday), open again Wed 9 Dec, 9:00 am CET"),
        (HOLIDAY, "Europe/Berlin", "de", "Mo.-Fr. 9:00-17:00; Sa. 9:00-14:00 CET",
         "heute geschlossen (Feiertag), wieder ab Mi. 9. Dez., 9:00 CET"),
    ],
)  # fmt: skip
def test_hours_in_words_on_the_readers_clock(now, zone, language, week, status):
    hours = describe_hours(OFFICE, now=now, timezone=zone, language=language)
    assert (hours.week, hours.status) == (week, status)
    assert hours.open_now == OFFICE.is_open(now)


def test_around_the_clock():
    hours = describe_hours(BusinessCalendar.always_open("UTC"), now=SUNDAY, timezone="UTC")
    assert (hours.week, hours.status, hours.open_now) == ("around the clock", "open now", True)


def test_a_weekday_that_is_a_holiday_this_week_still_shows_its_regular_hours():
    hours = describe_hours(OFFICE, now=HOLIDAY, timezone="Europe/Berlin")
    assert hours.week.startswith("Mon-Fri")


@pytest.fixture
def office_calendar(db):
    return StoredCalendar.objects.create(
        name="Office hours",
        timezone="Europe/Berlin",
        weekly_hours={d: [["09:00", "17:00"]] for d in WEEKDAYS},
        custom_holidays=["2026-12-08"],
    )


@pytest.mark.django_db
def test_support_center_shows_the_calendar_in_the_visitors_zone(client, office_calendar):
    contact_block_save(
        phone="+1 415 555 0100", email="help@example.com", calendar=office_calendar,
        chat_url="https://chat.example.com/",
    )  # fmt: skip
    client.cookies["realdesk_tz"] = "America/New_York"
    page = client.get("/support/").content.decode()
    assert "Mon-Fri 3:00 am-11:00 am EST" in page or "Mon-Fri 3:00 am-11:00 am EDT" in page
    client.cookies["realdesk_tz"] = "Nowhere/Fake"  # nonsense: the calendar's own zone
    page = client.get("/support/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Mo.-Fr. 9:00-17:00 CE" in page


def test_a_holiday_closes_phone_chat_and_clocks_at_once(office_calendar):
    """The contact block, the chat link and the SLA clock read one calendar: on its
    holiday all three are closed, with no second list of holidays to keep in step."""
    SLAPolicy.objects.create(name="Standard", calendar=office_calendar, first_response=8 * H)
    built = office_calendar.build()
    hours = describe_hours(built, now=HOLIDAY, timezone="Europe/Berlin")
    assert not hours.open_now
    assert "public holiday" in hours.status
    assert built.between(HOLIDAY, HOLIDAY + 3 * H) == 0 * H  # the clocks stand still too


@pytest.mark.django_db
def test_the_chat_closes_with_the_calendar(office_calendar):
    block = contact_block_save(
        phone="+1 415 555 0100", email="help@example.com", calendar=office_calendar,
        chat_url="https://chat.example.com/",
    )  # fmt: skip
    built = office_calendar.build()
    for now, linked in ((HOLIDAY, False), (HOLIDAY.replace(day=9), True)):
        hours = describe_hours(built, now=now, timezone="Europe/Berlin")
        html = render_to_string("portal/_contact.html", {"contact": block, "hours": hours})
        assert ("https://chat.example.com/" in html) is linked
        assert hours.status in html
