"""A fresh install gets calendars, policies, rules and limits, once."""

import pytest

from realdesk.sla.actions.defaults import sla_defaults_install
from realdesk.sla.models import BusinessCalendar, EscalationRule, GoodwillLimit, SLAPolicy

pytestmark = pytest.mark.django_db


def test_defaults_install_once_and_build():
    assert sla_defaults_install() is True
    assert list(SLAPolicy.objects.values_list("name", flat=True)) == [
        "Urgent, around the clock",
        "VIP customers, around the clock",
        "Standard, office hours",
    ]
    assert all(c.build().weekly_total for c in BusinessCalendar.objects.all())
    counts = (EscalationRule.objects.count(), GoodwillLimit.objects.count())
    assert sla_defaults_install() is False
    assert (EscalationRule.objects.count(), GoodwillLimit.objects.count()) == counts
    assert SLAPolicy.objects.count() == 3


def test_calendar_validation_refuses_bad_settings():
    from django.core.exceptions import ValidationError

    calendar = BusinessCalendar(name="bad", timezone="Mars/Olympus")
    with pytest.raises(ValidationError):
        calendar.full_clean()
    calendar = BusinessCalendar(name="closed", weekly_hours={})
    with pytest.raises(ValidationError):
        calendar.full_clean()
    calendar = BusinessCalendar(name="typo", weekly_hours={"mon": [["9am", "5pm"]]})
    with pytest.raises(ValidationError):
        calendar.full_clean()


def test_replay_gives_existing_tickets_their_clocks(customer, agent):
    from factories import open_ticket
    from realdesk.sla.choices import Metric, Phase
    from realdesk.sla.models import SLATarget
    from realdesk.tickets.actions import message_send

    ticket = open_ticket(customer=customer)
    message_send(ticket=ticket, agent=agent, body_text="Looking into it.")
    assert not SLATarget.objects.exists()
    sla_defaults_install(replay_history=True)
    rows = {t.metric: t for t in SLATarget.objects.filter(ticket=ticket)}
    assert (
        rows[Metric.FIRST_RESPONSE].achieved_at == ticket.events.get(kind="reply_sent").created_at
    )
    assert rows[Metric.RESOLUTION].phase == Phase.PAUSED  # pending: waiting on the customer
