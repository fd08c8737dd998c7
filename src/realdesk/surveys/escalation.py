"""The escalation condition the surveys app adds: a customer who rated us bad recently.

Registered, with the words of its reasons, into the SLA engine's registries from this
app, so the SLA engine does not depend on surveys.
"""

from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext

from realdesk.core.phrases import Phrase
from realdesk.sla.choices import Condition
from realdesk.sla.escalation import condition
from realdesk.sla.reasons import reasons
from realdesk.surveys.choices import Score
from realdesk.surveys.models import Rating
from realdesk.tickets.models import Ticket

BAD_RATING_MEMORY = timedelta(days=90)
#: A bad rating given just now: the ticket escalates at once, whatever the rules say.
RATED_SOLUTION_BAD = Phrase("rated_solution_bad")


@condition(Condition.BAD_SATISFACTION)
def bad_satisfaction(ticket: Ticket, now: datetime) -> Phrase | None:
    bad = (
        Rating.objects.filter(
            customer=ticket.customer_id, score=Score.BAD, rated_at__gte=now - BAD_RATING_MEMORY
        )
        .select_related("ticket")
        .order_by("-rated_at")
        .first()
    )
    return Phrase(Condition.BAD_SATISFACTION, {"number": bad.ticket.number}) if bad else None


@reasons.writer(Condition.BAD_SATISFACTION)
def _rated_bad(params: dict[str, Any]) -> str:
    return gettext("rated us bad on #%(number)s recently") % params


@reasons.writer(RATED_SOLUTION_BAD.code)
def _rated_solution_bad(params: dict[str, Any]) -> str:
    return gettext("The customer rated the solution bad.")
