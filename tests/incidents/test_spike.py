"""The spike rule of incidents/spike.py, with the lexical vectors (no model in these tests)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import open_ticket
from realdesk.incidents.models import IncidentSuggestion
from realdesk.incidents.spike import groups, spikes_suggest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexical(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""


def _tickets(count: int, text: str, *, ago: timedelta = timedelta(minutes=10)) -> list:
    at = timezone.now() - ago
    return [open_ticket(subject=text, body_text=text, at=at) for _ in range(count)]


def test_groups_are_led_by_their_first_row():
    import numpy as np

    rows = np.array([[1, 0], [0.8, 0.6], [0, 1]], dtype=np.float32)
    assert groups(rows, similar=0.7) == [[0, 1], [2]]


def test_five_alike_tickets_in_an_hour_with_a_quiet_week_are_a_spike(db):
    spiking = _tickets(5, "Payment page error when paying by card")
    _tickets(3, "Where is my parcel")
    (suggestion,) = spikes_suggest()
    assert sorted(suggestion.ticket_ids) == sorted(t.pk for t in spiking)
    assert suggestion.title == "Payment page error when paying by card"
    assert spikes_suggest() == []  # the same tickets are not suggested twice


def test_four_are_not_enough(db):
    _tickets(4, "Payment page error when paying by card")
    assert spikes_suggest() == []


def test_the_usual_rate_is_no_spike(db):
    # 6 in the last hour, but 2 an hour all week: not five times the usual.
    _tickets(6, "Password reset email never arrives")
    for hours in range(2, 170):
        _tickets(2, "Password reset email never arrives", ago=timedelta(hours=hours))
    assert spikes_suggest() == []
    assert not IncidentSuggestion.objects.exists()
