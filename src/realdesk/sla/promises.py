"""What a promise means to the people involved: when the owner is reminded, and what
the customer reads when it is made and when we miss it (wording and timing, no ORM)."""

from datetime import datetime, timedelta

from realdesk.core.notices import notice_render
from realdesk.sla.phrasing import describe_instant

REMIND_BEFORE = timedelta(hours=1)


def reminder_time(*, made_at: datetime, due_at: datetime) -> datetime:
    """An hour before it is due, or halfway there for a promise shorter than two hours,
    so the reminder always leaves time to act."""
    return due_at - min(REMIND_BEFORE, (due_at - made_at) / 2)


def promise_notice(
    kind: str,
    *,
    what: str,
    due_at: datetime,
    timezone: str,
    language: str = "en",
    reason: str = "",
) -> str:
    """What the customer reads when a promise is `made`, `missed` or `released` (with the
    agent's `reason`), from the template of their language
    (`sla/customer/<language>/promise_<kind>.txt`, see `core.notices`).

    The agent's words are quoted, not spliced into our sentence, so any wording reads
    right; the time is the exact promised minute on the customer's clock, so an apology
    quotes precisely what was promised (a rounded "by 8:15 am" for a promise due at 8:02
    would be a second untruth)."""
    return notice_render(
        f"sla/promise_{kind}",
        language=language,
        context=lambda written_in: {
            "what": what,
            "reason": reason,
            "due": describe_instant(due_at, timezone=timezone, language=written_in),
        },
    )
