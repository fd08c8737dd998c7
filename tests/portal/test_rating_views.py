"""Rating from the email link or from 'My requests'; NPS from its link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.surveys.actions import NPS_SIGNER, nps_ask_due, rating_ask, rating_value
from realdesk.surveys.models import NpsSurvey, Rating
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Done.")
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    return rating_ask(solve_event=ticket.events.filter(after=Status.SOLVED).get())


def test_the_link_preselects_and_a_get_records_nothing(client, rating):
    page = client.get(f"/support/rate/{rating_value(rating)}/?score=bad").content.decode()
    assert 'value="bad" required id="id_score_1" checked' in page
    rating.refresh_from_db()
    assert rating.score == ""


def test_sending_records_and_can_be_changed(client, rating):
    url = f"/support/rate/{rating_value(rating)}/"
    client.post(url, {"score": "bad", "comment": "Slow"})
    client.post(url, {"score": "good", "comment": "Sorted after all"})
    rating.refresh_from_db()
    assert (rating.score, rating.comment) == ("good", "Sorted after all")
    assert rating.ticket.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_forged_links_are_404(client, rating):
    assert client.get(f"/support/rate/{rating.pk}:forged/").status_code == 404
    assert client.post(f"/support/rate/{rating.pk + 1}/", {"score": "bad"}).status_code == 404
    rating.refresh_from_db()
    assert rating.score == ""


def test_after_seven_days_the_rating_is_closed(client, rating):
    Rating.objects.filter(pk=rating.pk).update(asked_at=timezone.now() - timedelta(days=8))
    url = f"/support/rate/{rating_value(rating)}/"
    assert "this one is closed" in client.get(url).content.decode()
    assert client.post(url, {"score": "good"}).status_code == 400


def test_my_requests_offers_the_rating_to_its_customer(sign_in_as, rating):
    page = sign_in_as(rating.customer).get(f"/support/requests/{rating.ticket.number}/")
    assert f"/support/rate/{rating_value(rating)}/?score=good" in page.content.decode()


def test_nps_answer(client, rating):
    nps_ask_due()
    survey = NpsSurvey.objects.get()
    url = f"/support/nps/{NPS_SIGNER.sign(str(survey.pk))}/"
    assert client.post(url, {"score": "11"}).status_code == 400
    client.post(url, {"score": "8", "comment": "good"})
    survey.refresh_from_db()
    assert survey.score == 8
    assert client.get(f"/support/nps/{survey.pk}:x/").status_code == 404
