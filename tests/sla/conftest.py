from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from realdesk.sla.models import BusinessCalendar, SLAPolicy

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def office(db):
    """Mon-Fri 09:00-17:00 in Berlin, closed on 2026-12-25 and 2026-12-26 by its own list."""
    return BusinessCalendar.objects.create(
        name="Berlin office",
        timezone="Europe/Berlin",
        weekly_hours={day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
        custom_holidays=["2026-12-25", "2026-12-26"],
        exceptions={"2026-12-24": [["09:00", "12:00"]]},
    )


@pytest.fixture
def policy(office):
    return SLAPolicy.objects.create(
        name="Standard",
        calendar=office,
        first_response=8 * H,
        next_response=4 * H,
        resolution=40 * H,
    )


@pytest.fixture
def urgent_policy(db):
    return SLAPolicy.objects.create(
        name="Urgent 24/7",
        position=10,
        priorities=["urgent"],
        first_response=1 * H,
        next_response=1 * H,
        resolution=8 * H,
    )
