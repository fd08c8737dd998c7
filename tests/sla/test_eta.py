"""The honest ETA: the queue bound, the wording, the record and its calibration."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from factories import open_ticket
from realdesk.sla.engine import queue_wait
from realdesk.sla.eta import describe_eta, first_response_eta
from realdesk.sla.models import EtaPrediction, SLATarget
from sla.conftest import H, berlin

NOW = berlin(2026, 11, 25, 14, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("when", "language", "text"),
    [
        (berlin(2026, 11, 25, 15, 20), "en", "by 3:30 pm today"),
        (berlin(2026, 11, 25, 15, 30), "en", "by 3:30 pm today"),
        (berlin(2026, 11, 25, 11, 0), "en", "by 2:15 pm today"),  # overdue: as soon as we can
        (berlin(2026, 11, 26, 10, 0), "en", "tomorrow morning"),
        (berlin(2026, 11, 26, 15, 0), "en", "tomorrow afternoon"),
        (berlin(2026, 11, 26, 19, 0), "en", "tomorrow evening"),
        (berlin(2026, 11, 30, 9, 45), "en", "Monday morning"),
        (berlin(2026, 12, 8, 12, 0), "en", "by Tuesday 8 December"),
        (berlin(2026, 11, 25, 15, 20), "de", "heute bis 15:30 Uhr"),
        (berlin(2026, 11, 26, 15, 0), "de", "morgen Nachmittag"),
        (berlin(2026, 11, 30, 9, 45), "de", "am Montagvormittag"),
        (berlin(2026, 12, 8, 12, 0), "de", "bis Dienstag, 8. Dezember"),
        (berlin(2026, 11, 25, 15, 20), "fr", "aujourd'hui avant 15 h 30"),
        (berlin(2026, 11, 26, 10, 0), "fr", "demain matin"),
        (berlin(2026, 11, 30, 19, 0), "fr", "lundi soir"),
        (berlin(2026, 12, 8, 12, 0), "fr", "d'ici le mardi 8 décembre"),
        (berlin(2026, 11, 25, 15, 20), "es", "hoy antes de las 15:30"),
        (berlin(2026, 11, 26, 10, 0), "es", "mañana por la mañana"),
        (berlin(2026, 11, 30, 15, 0), "es", "el lunes por la tarde"),
        (berlin(2026, 12, 8, 12, 0), "es", "antes del martes 8 de diciembre"),
        (berlin(2026, 11, 25, 15, 20), "de-AT", "heute bis 15:30 Uhr"),
        (berlin(2026, 11, 26, 10, 0), "pt-BR", "tomorrow morning"),  # unknown: English
    ],
)
def test_describe_eta(when, language, text):
    assert describe_eta(when, now=NOW, timezone="Europe/Berlin", language=language) == text


def test_spanish_says_la_una_not_las_una():
    one_am = describe_eta(
        berlin(2026, 11, 26, 1, 20),
        now=berlin(2026, 11, 26, 0, 30),
        timezone="Europe/Berlin",
        language="es",
    )
    assert one_am == "hoy antes de la 1:30"


def test_describe_eta_uses_the_customers_zone():
    when = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # already tomorrow in Kolkata
    assert describe_eta(when, now=NOW, timezone="Asia/Kolkata") == "tomorrow morning"
    assert describe_eta(when, now=NOW, timezone="America/New_York") == "by 6:30 pm today"


@pytest.mark.parametrize(
    ("ahead", "answered", "open_time", "agents", "wait"),
    [
        (0, 40, 40 * H, 3, H),  # one an hour, first in line
        (3, 80, 40 * H, 3, 2 * H),  # two an hour, fourth in line
        (7, 0, 0 * H, 2, H),  # no history: four an hour per agent
        (5, 0, 40 * H, 0, None),  # nobody to answer: no queue bound
    ],
)
def test_queue_wait(ahead, answered, open_time, agents, wait):
    assert queue_wait(ahead=ahead, answered=answered, open_time=open_time, agents=agents) == wait


@pytest.mark.django_db
def test_eta_is_the_later_of_sla_and_queue_and_is_recorded(policy, customer, team, agent):
    """A long queue pushes the promise past the SLA target rather than pretend."""
    SLATarget.objects.all().delete()
    policy.calendar = None  # 24/7, so the figures do not depend on today's weekday
    policy.save()
    earlier = [open_ticket(team=team, at=timezone.now() - timedelta(minutes=30)) for _ in range(39)]
    ticket = open_ticket(customer=customer, team=team)
    eta = first_response_eta(ticket)
    # one agent, no history: 4 an hour, 40th in line -> 10 hours, beyond the 8-hour target
    assert eta - timezone.now() == pytest.approx(timedelta(hours=10), abs=timedelta(minutes=1))
    prediction = EtaPrediction.objects.get(ticket=ticket)
    assert (prediction.eta, prediction.tickets_ahead) == (eta, 39)
    assert prediction.sla_due == ticket.created_at + 8 * H
    assert len(earlier) == 39


@pytest.mark.django_db
def test_short_queue_keeps_the_sla_target(policy, customer, team, agent):
    policy.calendar = None
    policy.save()
    ticket = open_ticket(customer=customer, team=team)
    assert first_response_eta(ticket) == ticket.created_at + 8 * H
