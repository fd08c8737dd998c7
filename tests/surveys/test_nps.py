"""NPS: asked after a solve, at most once per customer in 90 days, answered 0-10."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.surveys.actions import NPS_SIGNER, nps_ask_due, nps_from_link, nps_record
from realdesk.surveys.models import NpsSurvey
from realdesk.surveys.tasks import nps_ask_task
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def solved(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Done.")
    return ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)


def test_asked_once_per_90_days(solved):
    assert nps_ask_due() == 1
    assert nps_ask_due() == 0
    survey = NpsSurvey.objects.get()
    assert survey.customer == solved.customer
    assert OutboundEmail.objects.filter(subject__startswith="How likely").count() == 1
    NpsSurvey.objects.update(asked_at=timezone.now() - timedelta(days=91))
    assert nps_ask_due() == 1


def test_the_periodic_task_asks_only_when_enabled(solved, settings):
    settings.REALDESK_NPS_ENABLED = False
    assert nps_ask_task.call() == 0
    settings.REALDESK_NPS_ENABLED = True
    assert nps_ask_task.call() == 1


def test_answer_from_the_link(solved):
    nps_ask_due()
    survey = NpsSurvey.objects.get()
    found = nps_from_link(value=NPS_SIGNER.sign(str(survey.pk)))
    nps_record(survey=found, score=9, comment="Great")
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (9, "Great")
    with pytest.raises(ApplicationError):
        nps_record(survey=survey, score=11)
    with pytest.raises(ApplicationError):
        nps_from_link(value=f"{survey.pk}:forged")
