"""The escalation condition the surveys app adds: a customer who rated us bad recently.

Registered into the SLA engine's condition registry from this app, so the SLA engine
does not depend on surveys.
"""

from datetime import datetime, timedelta

from realdesk.sla.choices import Condition
from realdesk.sla.escalation import condition
from realdesk.surveys.choices import Score
from realdesk.surveys.models import Rating
from realdesk.tickets.models import Ticket

BAD_RATING_MEMORY = timedelta(days=90)


@condition(Condition.BAD_SATISFACTION)
def bad_satisfaction(ticket: Ticket, now: datetime) -> str | None:
    bad = (
        Rating.objects.filter(
            customer=ticket.customer_id, score=Score.BAD, rated_at__gte=now - BAD_RATING_MEMORY
        )
        .select_related("ticket")
        .order_by("-rated_at")
        .first()
    )
    return f"rated us bad on #{bad.ticket.number} recently" if bad else None
