"""Callbacks kept within their window: the phone channel's promises ("we will call you
between 2 and 4 pm"), judged like any other promise, when the window closes."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, Q
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.reports.figures import rate
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.scope import tickets_q
from realdesk.voice.choices import CallbackOutcome, CallbackStatus
from realdesk.voice.models import Callback


@dataclass(frozen=True)
class Judged:
    """One callback whose window ends in the period, and what became of it."""

    ticket_id: int
    #: "kept", "missed", "open" (window still running, nobody reached yet) or
    #: "wrong_number" (the number given reaches somebody else: neither kept nor missed).
    outcome: str
    #: How long after the window's end the customer was reached, or until now when never.
    late_seconds: float


@dataclass(frozen=True)
class CallbackOutcomes:
    kept: int
    missed: int
    open: int
    wrong_number: int

    @property
    def rate(self) -> float | None:
        """Kept of those decided: a window still running is neither kept nor missed."""
        return rate(self.kept, self.kept + self.missed)


def callbacks_judged(*, actor: User, flt: ReportFilter, now: datetime) -> list[Judged]:
    """Callbacks are counted in the period their window ends in, as a promise is judged
    at its due instant. Kept: a try reached the customer inside the window (its start and
    end included). Missed: the window ended without that, whether nobody answered, we
    gave up, called too late or too early."""
    rows = (
        Callback.objects.filter(
            tickets_q(actor=actor, flt=flt, path="ticket"),
            window_end__gte=flt.since,
            window_end__lt=flt.until,
        )
        .annotate(reached=Min("tries__at", filter=Q(tries__outcome=CallbackOutcome.REACHED)))
        .values_list("ticket_id", "window_start", "window_end", "status", "reached")
        .order_by()
    )
    return [_judge(*row, now=now) for row in rows]


def _judge(ticket_id, start, end, status, reached, *, now: datetime) -> Judged:
    late = ((reached or now) - end).total_seconds()
    if reached is not None and start <= reached <= end:
        outcome = "kept"
    elif status == CallbackStatus.WRONG_NUMBER:
        outcome = "wrong_number"
    elif end > now and status == CallbackStatus.PENDING:
        outcome = "open"
    else:
        outcome = "missed"
    return Judged(ticket_id, outcome, max(late, 0.0))


def callbacks_kept_rate(*, actor: User, flt: ReportFilter) -> CallbackOutcomes:
    judged = [j.outcome for j in callbacks_judged(actor=actor, flt=flt, now=timezone.now())]
    return CallbackOutcomes(
        kept=judged.count("kept"),
        missed=judged.count("missed"),
        open=judged.count("open"),
        wrong_number=judged.count("wrong_number"),
    )


def callbacks_missed(*, actor: User, flt: ReportFilter, now: datetime) -> dict[int, float]:
    """Per ticket with a callback missed in the period, the longest it went past its window
    (until the customer was reached, or until now)."""
    past: dict[int, float] = {}
    for judged in callbacks_judged(actor=actor, flt=flt, now=now):
        if judged.outcome == "missed":
            past[judged.ticket_id] = max(past.get(judged.ticket_id, 0.0), judged.late_seconds)
    return past
