"""Which status may follow which: the ticket life cycle in one table (pure, no ORM).

Closed is final: a customer writing to a closed ticket starts a follow-up ticket, so
reports on the closed one stay true. Solved is not final: the customer can reopen it.
"""

from django.utils.translation import gettext

from realdesk.core.errors import ApplicationError
from realdesk.tickets.choices import Status

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.PENDING, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def check_transition(current: str, new: str) -> None:
    if new not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise ApplicationError(
            gettext("A ticket cannot go from %(current)s to %(new)s.")
            % {"current": Status(current).label, "new": Status(new).label},
            code="invalid_transition",
        )
