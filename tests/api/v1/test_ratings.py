"""/ratings: read only, scoped to the tickets the caller may see, filtered and paged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import TeamFactory, open_ticket
from realdesk.surveys.actions import rating_ask, rating_record
from realdesk.surveys.models import Rating
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def rate(lead):
    """Solve a ticket and record the customer's verdict (None: asked, not answered)."""

    def make(ticket, score: str | None, comment: str = "") -> Rating:
        message_send(ticket=ticket, agent=lead, body_text="Done.")
        ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=lead)
        solve = ticket.events.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED).latest(
            "pk"
        )
        rating = rating_ask(solve_event=solve)
        return (
            rating if score is None else rating_record(rating=rating, score=score, comment=comment)
        )

    return make


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_list_is_scoped_newest_first_and_skips_unanswered(api, rate, ticket):
    other_team = rate(open_ticket(team=TeamFactory(name="Billing")), "bad")
    good = rate(ticket, "good", comment="Quick, thanks")
    rate(open_ticket(team=ticket.team), None)
    newer = rate(open_ticket(team=ticket.team), "bad")
    assert ids(api.get("/ratings")) == [newer.pk, good.pk]
    item = api.get("/ratings").json()["items"][1]
    assert (item["ticket"], item["score"], item["comment"]) == (
        ticket.number,
        "good",
        "Quick, thanks",
    )
    assert item["customer"] == {"id": ticket.customer_id, "name": str(ticket.customer)}
    assert other_team.pk not in ids(api.get("/ratings", ticket=other_team.ticket.number))


def test_lead_sees_every_team(api_as, lead, rate, ticket):
    hidden = rate(open_ticket(team=TeamFactory(name="Billing")), "bad")
    mine = rate(ticket, "good")
    assert ids(api_as(lead, scope="read").get("/ratings")) == [mine.pk, hidden.pk]


def test_filters_and_pages(api, rate, ticket):
    good = rate(ticket, "good")
    bad = rate(open_ticket(team=ticket.team), "bad")
    older = rate(open_ticket(team=ticket.team), "bad")
    Rating.objects.filter(pk=older.pk).update(rated_at=timezone.now() - timedelta(days=3))
    assert ids(api.get("/ratings", score="bad")) == [older.pk, bad.pk]
    assert ids(api.get("/ratings", ticket=ticket.number)) == [good.pk]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert ids(api.get("/ratings", since=since)) == [bad.pk, good.pk]
    first = api.get("/ratings", limit=2).json()
    assert ids(api.get("/ratings", limit=2, cursor=first["next_cursor"])) == [good.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"score": "meh"}, "score"), ({"since": "0.5"}, "since"), ({"ticket": 0}, "ticket")],
)
def test_bad_filters_are_422_naming_the_field(api, query, field):
    response = api.get("/ratings", **query)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]


def test_ratings_of_one_ticket(api, rate, ticket, lead):
    first = rate(ticket, "bad")
    ticket_set_status(ticket=ticket, status=Status.OPEN, actor=lead)
    second = rate(ticket, "good")
    assert ids(api.get(f"/tickets/{ticket.number}/ratings")) == [second.pk, first.pk]


def test_ratings_of_a_hidden_ticket_are_404(api, rate):
    hidden = open_ticket(team=TeamFactory(name="Billing"))
    rate(hidden, "bad")
    response = api.get(f"/tickets/{hidden.number}/ratings")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_ratings_cannot_be_written(api):
    assert api.post("/ratings", {"score": "good"}).status_code == 405
