"""One ETA: what the customer was told is stored, is the SLA engine's instant on the
customer's clock, and is shown to agents next to the SLA target with why they differ."""

from datetime import datetime, time, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import IdentityFactory, open_ticket
from realdesk.sla.calendars import BusinessCalendar as PureCalendar
from realdesk.sla.choices import Metric
from realdesk.sla.engine import clock_deadlines, clock_start
from realdesk.sla.eta import eta_tell
from realdesk.sla.models import BusinessCalendar, EtaPrediction, SLAPolicy, SLATarget
from realdesk.sla.phrasing import describe_instant, describe_told, told_instant
from realdesk.sla.selectors import TicketSLA, sla_for_ticket
from realdesk.tickets.actions import ticket_set_priority
from sla.conftest import H, berlin

pytestmark = pytest.mark.django_db
SATURDAY = berlin(2026, 12, 5, 9, 0)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize(
    ("language", "zone", "text"),
    [
        ("en", "Europe/Berlin", "Monday afternoon (by Mon 7 Dec, 5:00 pm CET)"),
        ("de", "Europe/Berlin", "am Montagnachmittag (bis Mo. 7. Dez., 17:00 CET)"),
        ("en", "America/New_York", "Monday morning (by Mon 7 Dec, 11:00 am EST)"),
        ("en", "Asia/Kolkata", "Monday evening (by Mon 7 Dec, 9:30 pm IST)"),
    ],
)
def test_told_words_carry_the_time_and_the_readers_zone(language, zone, text):
    due = berlin(2026, 12, 7, 16, 53)  # rounded up to the quarter hour, never earlier
    assert describe_told(due, now=SATURDAY, timezone=zone, language=language) == text


def test_eta_tell_stores_what_the_customer_read_on_their_clock(policy, customer):
    customer.timezone = "America/New_York"
    customer.save()
    ticket = open_ticket(customer=customer)
    told = eta_tell(ticket)
    due = SLATarget.objects.get(ticket=ticket, metric=Metric.FIRST_RESPONSE).due_at
    assert told.eta == due
    assert told.timezone == "America/New_York"
    assert told.phrase.endswith(
        f"(by {describe_instant(told_instant(due, now=told.made_at), timezone='America/New_York')})"
    )
    assert EtaPrediction.objects.get(ticket=ticket).phrase == told.phrase


def test_phone_country_then_the_calendar_zone(policy, customer):
    IdentityFactory(customer=customer, kind="phone", value="+33123456789")
    assert eta_tell(open_ticket(customer=customer)).timezone == "Europe/Paris"
    stranger = open_ticket()
    assert eta_tell(stranger).timezone == "Europe/Berlin"  # the office calendar's zone


def test_browser_zone_wins(policy, customer):
    told = eta_tell(open_ticket(customer=customer), browser_zone="Asia/Tokyo", language="de")
    assert (told.timezone, told.language) == ("Asia/Tokyo", "de")
    assert "JST" in told.phrase


def test_agent_sees_what_the_customer_was_told_next_to_the_target(policy, customer):
    ticket = open_ticket(customer=customer)
    told = eta_tell(ticket)
    sla = sla_for_ticket(ticket)
    assert sla.told == told
    assert sla.told_differs == ""
    html = render_to_string("sla/_ticket_sla.html", {"sla": sla})
    assert "Customer was told:" in html
    assert told.phrase in html.replace("&#x27;", "'")


def test_a_queue_estimate_past_the_target_says_why(policy, customer, team, agent):
    policy.calendar = None
    policy.save()
    for _ in range(39):
        open_ticket(team=team, at=timezone.now() - timedelta(minutes=30))
    ticket = open_ticket(customer=customer, team=team)
    told = eta_tell(ticket)
    assert told.eta > told.sla_due
    assert sla_for_ticket(ticket).told_differs == (
        "Later than the SLA target: 39 tickets were ahead in the queue."
    )


def test_a_target_moved_after_telling_says_so(policy, urgent_policy, customer, lead):
    ticket = open_ticket(customer=customer)
    eta_tell(ticket)
    ticket_set_priority(ticket=ticket, priority="urgent", actor=lead)
    assert sla_for_ticket(ticket).told_differs == (
        "The SLA target moved earlier after the customer was told."
    )


@st.composite
def calendars(draw):
    """Random weekly hours (one span a day on some days) in a random zone."""
    zone = draw(st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]))
    days = draw(st.sets(st.sampled_from(DAYS), min_size=1))
    hours = {}
    for day in days:
        start = draw(st.integers(0, 22))
        end = draw(st.integers(start + 1, 23))
        hours[day] = [[f"{start:02d}:00", f"{end:02d}:{draw(st.sampled_from([0, 30])):02d}"]]
    return zone, hours


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    calendar=calendars(),
    target_minutes=st.integers(15, 60 * 60),
    opened_ago=st.integers(0, 180),
)
def test_told_eta_is_the_sla_engines_instant(db, customer, calendar, target_minutes, opened_ago):
    """For random calendars, targets and tickets the instant the customer is told equals
    the SLA engine's due instant for the same target (with nobody queued ahead), and the
    exact time they read is that instant's quarter hour on their clock."""
    SLAPolicy.objects.all().delete()
    zone, hours = calendar
    stored = BusinessCalendar.objects.create(
        name=f"random {BusinessCalendar.objects.count()}", timezone=zone, weekly_hours=hours
    )
    target = timedelta(minutes=target_minutes)
    SLAPolicy.objects.create(
        name="random", calendar=stored, first_response=target, resolution=target * 2
    )
    opened = timezone.now() - timedelta(minutes=opened_ago)
    ticket = open_ticket(customer=customer, at=opened)
    told = eta_tell(ticket, language="de")
    pure = PureCalendar.from_settings(zone, {d: [tuple(p) for p in s] for d, s in hours.items()})
    _, engine_due = clock_deadlines(clock_start(at=opened, target=target), calendar=pure)
    assert told.eta == max(engine_due, told.made_at)
    instant = describe_instant(
        told_instant(engine_due, now=told.made_at), timezone=zone, language="de"
    )
    assert told.phrase.endswith(f"(bis {instant})")


def test_told_instant_is_a_quarter_hour_never_before_the_prediction():
    when = datetime.combine(SATURDAY.date(), time(9, 1), tzinfo=SATURDAY.tzinfo)
    assert told_instant(when, now=SATURDAY) == when.replace(minute=15)
    assert told_instant(SATURDAY - H, now=SATURDAY) == SATURDAY


def test_why_they_differ_is_said_in_the_agents_language():
    now = timezone.now()
    told = EtaPrediction(eta=now + timedelta(hours=9), sla_due=now, tickets_ahead=1, made_at=now)
    sla = TicketSLA(live=[], finished=[], promises=[], escalations=[], told=told)
    assert sla.told_differs == "Later than the SLA target: 1 ticket was ahead in the queue."
    with translation.override("de"):
        assert sla.told_differs == (
            "Später als das SLA-Ziel: 1 Ticket stand in der Warteschlange davor."
        )
