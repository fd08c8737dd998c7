"""A solve asks once; the customer answers from a signed link; bad reaches the lead."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.comms.choices import OutboundKind
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.surveys.actions import (
    rating_ask,
    rating_from_link,
    rating_record,
    rating_value,
)
from realdesk.surveys.choices import Score
from realdesk.surveys.models import Rating
from realdesk.surveys.selectors import customer_satisfaction, ticket_ratings
from realdesk.surveys.tasks import rating_ask_task
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def solve(agent):
    def solve_it(ticket):
        message_send(ticket=ticket, agent=agent, body_text="Done.")
        ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
        return ticket.events.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED).latest("pk")

    return solve_it


def test_a_solve_enqueues_one_rating_request(ticket, solve, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = solve(ticket)
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path=rating_ask_task.module_path)
    assert [row.args_kwargs["kwargs"] for row in queued] == [{"event_id": event.pk}]


def test_asking_mails_once_per_solve(ticket, solve):
    event = solve(ticket)
    first = rating_ask(solve_event=event)
    again = rating_ask(solve_event=event)
    assert first.pk == again.pk
    mails = OutboundEmail.objects.filter(kind=OutboundKind.NOTIFICATION, ticket=ticket)
    assert mails.count() == 1
    body = mails.get().body_text
    assert f"/support/rate/{rating_value(first)}/?score=good" in body
    assert f"/support/rate/{rating_value(first)}/?score=bad" in body


def test_only_solves_are_rated(ticket):
    created = ticket.events.get(kind=EventKind.CREATED)
    assert rating_ask(solve_event=created) is None
    assert not Rating.objects.exists()


def test_rating_and_changing_it(ticket, solve, agent):
    rating = rating_ask(solve_event=solve(ticket))
    rating_record(rating=rating, score=Score.GOOD, comment=" Quick! ")
    rating.refresh_from_db()
    assert (rating.score, rating.comment) == ("good", "Quick!")
    assert list(ticket_ratings(ticket=ticket)) == [rating]
    assert customer_satisfaction(actor=agent, customer_id=ticket.customer_id).good == 1
    rating_record(rating=rating, score=Score.BAD)
    rated = ticket.events.filter(kind=EventKind.RATED).order_by("pk")
    assert [(e.before, e.after) for e in rated] == [(None, "good"), ("good", "bad")]
    assert rated[0].actor_customer == ticket.customer


def test_bad_escalates_to_the_lead_once(ticket, solve, lead):
    rating = rating_ask(solve_event=solve(ticket))
    rating_record(rating=rating, score=Score.BAD, comment="Still broken")
    rating_record(rating=rating, score=Score.BAD, comment="Still broken!")
    escalations = ticket.events.filter(kind=EventKind.ESCALATED)
    assert escalations.count() == 1
    event = escalations.get()
    assert event.after == "bad_rating"
    assert event.data["notified"] == [lead.email]
    to_lead = OutboundEmail.objects.get(to_address=lead.email)
    assert "Still broken" in to_lead.body_text
    assert to_lead.subject.startswith(f"Bad rating on #{ticket.number}")


def test_a_rating_closes_after_seven_days(ticket, solve):
    rating = rating_ask(solve_event=solve(ticket))
    Rating.objects.filter(pk=rating.pk).update(asked_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ApplicationError) as refused:
        rating_record(rating=rating, score=Score.GOOD)
    assert refused.value.code == "rating_closed"
    rating.refresh_from_db()
    assert rating.score == ""


def test_invalid_scores_change_nothing(ticket, solve):
    rating = rating_ask(solve_event=solve(ticket))
    with pytest.raises(ApplicationError):
        rating_record(rating=rating, score="meh")
    rating.refresh_from_db()
    assert rating.score == ""


@pytest.mark.parametrize("tamper", ["", "1", "1:forged", "abc:def"])
def test_forged_links_find_nothing(ticket, solve, tamper):
    rating_ask(solve_event=solve(ticket))
    with pytest.raises(ApplicationError):
        rating_from_link(value=tamper)


def test_a_link_for_one_rating_cannot_be_bent_to_another(ticket, solve):
    rating = rating_ask(solve_event=solve(ticket))
    value = rating_value(rating)
    assert rating_from_link(value=value) == rating
    other_id = str(rating.pk + 1)
    with pytest.raises(ApplicationError):
        rating_from_link(value=other_id + value[len(str(rating.pk)) :])
