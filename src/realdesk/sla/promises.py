"""What a promise means to the people involved: when the owner is reminded, and what
the customer is told when we miss it (pure wording and timing, no ORM)."""

from datetime import datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _

from realdesk.sla.phrasing import describe_eta

REMIND_BEFORE = timedelta(hours=1)


def reminder_time(*, made_at: datetime, due_at: datetime) -> datetime:
    """An hour before it is due, or halfway there for a promise shorter than two hours,
    so the reminder always leaves time to act."""
    return due_at - min(REMIND_BEFORE, (due_at - made_at) / 2)


def missed_notice(
    *, what: str, due_at: datetime, made_at: datetime, timezone: str, language: str = "en"
) -> str:
    """The honest message for the customer: we said when, we did not, and what now."""
    when = describe_eta(due_at, now=made_at, timezone=timezone, language=language)
    with translation.override(language):
        return _(
            "We promised to update you %(when)s about: %(what)s. We have not managed that, "
            "and we are sorry. A team lead has been asked to take this up now, and you "
            "will hear from us as soon as we have news."
        ) % {"when": when, "what": what}


def released_notice(
    *, what: str, due_at: datetime, made_at: datetime, reason: str, timezone: str, language: str
) -> str:
    """What the customer reads when an agent lets a promise go (the ticket was solved
    without that update): what we had said, and why it is no longer coming."""
    when = describe_eta(due_at, now=made_at, timezone=timezone, language=language)
    with translation.override(language):
        return _(
            "We said we would update you %(when)s about: %(what)s. That update is no "
            "longer coming: %(reason)s."
        ) % {"when": when, "what": what, "reason": reason}
