"""Reads of satisfaction, for the ticket page, the customer panel and the support center."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from realdesk.accounts.models import User
from realdesk.surveys.choices import Score
from realdesk.surveys.models import Rating
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import visible_tickets_q


@dataclass(frozen=True)
class Satisfaction:
    good: int
    bad: int


def ticket_ratings(*, ticket: Ticket) -> QuerySet[Rating]:
    """Every rating the ticket was given, one per solve, newest first."""
    return ticket.ratings.exclude(score="").order_by("-asked_at")


def ticket_open_rating(*, ticket: Ticket) -> Rating | None:
    """The rating the customer may give or change now: the latest solve's."""
    return ticket.ratings.order_by("-asked_at", "-pk").first()


def customer_satisfaction(*, actor: User, customer_id: int) -> Satisfaction:
    """How the customer rated us on the tickets the actor may see."""
    visible = Ticket.objects.filter(visible_tickets_q(actor))
    counts = Rating.objects.filter(customer=customer_id, ticket__in=visible).aggregate(
        good=Count("pk", filter=Q(score=Score.GOOD)), bad=Count("pk", filter=Q(score=Score.BAD))
    )
    return Satisfaction(**counts)


def latest_scores(*, ticket_ids: list[int]) -> dict[int, str]:
    """Each ticket's latest given rating ("good"/"bad"), for a list of earlier tickets."""
    scores: dict[int, str] = {}
    rows = (
        Rating.objects.filter(ticket__in=ticket_ids)
        .exclude(score="")
        .order_by("ticket_id", "-asked_at")
        .values_list("ticket_id", "score")
    )
    for ticket_id, score in rows:
        scores.setdefault(ticket_id, score)
    return scores
