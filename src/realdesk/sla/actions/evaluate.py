"""The periodic pass: flag clocks that reached at-risk or breach, remind and miss promises.

Every change is a conditional UPDATE (only if the row is still in the state the
pass saw), and its Event is written in the same transaction only when that UPDATE
won, so any number of workers running passes at once never flag or notify twice.
"""

from collections.abc import Callable, Iterator
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from realdesk.sla.actions.clocks import announce
from realdesk.sla.actions.promises import promise_miss, promise_remind
from realdesk.sla.actions.retell import eta_slips_announce
from realdesk.sla.choices import Level, Phase, PromiseStatus
from realdesk.sla.models import Promise, SLATarget

BATCH = 500


def breach_candidates(now: datetime) -> QuerySet[SLATarget]:
    """Running clocks past due and not yet flagged (served by sla_target_due_idx)."""
    return SLATarget.objects.filter(phase=Phase.RUNNING, due_at__lte=now).exclude(
        level=Level.BREACHED
    )


def at_risk_candidates(now: datetime) -> QuerySet[SLATarget]:
    """Running clocks past their at-risk instant still on track (sla_target_risk_idx)."""
    return SLATarget.objects.filter(phase=Phase.RUNNING, level=Level.OK, at_risk_at__lte=now)


def _batches(queryset: QuerySet, order: str) -> Iterator[list]:
    """Batches until the query comes back empty or a batch changes nothing."""
    while True:
        rows = list(queryset.select_related("ticket").order_by(order)[:BATCH])
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return


def _flag_breached(row: SLATarget, now: datetime) -> bool:
    with transaction.atomic():
        won = (
            breach_candidates(now)
            .filter(pk=row.pk)
            .update(level=Level.BREACHED, breached_at=row.due_at)
        )
        if won:
            row.level, row.breached_at = Level.BREACHED, row.due_at
            announce(row, ticket=row.ticket, what=Level.BREACHED, at=now)
    return bool(won)


def _flag_at_risk(row: SLATarget, now: datetime) -> bool:
    with transaction.atomic():
        won = (
            at_risk_candidates(now)
            .filter(pk=row.pk)
            .update(level=Level.AT_RISK, flagged_at_risk_at=now)
        )
        if won:
            row.level, row.flagged_at_risk_at = Level.AT_RISK, now
            announce(row, ticket=row.ticket, what=Level.AT_RISK, at=now)
    return bool(won)


def _run(queryset: QuerySet, order: str, step: Callable[..., bool], now: datetime) -> int:
    done = 0
    for rows in _batches(queryset, order):
        changed = sum(step(row, now) for row in rows)
        done += changed
        if not changed:
            return done
    return done


def sla_evaluate(*, now: datetime | None = None) -> dict[str, int]:
    """One pass; breaches first, so a clock that jumped past both is flagged breached once."""
    now = now or timezone.now()
    open_promises = Promise.objects.filter(status=PromiseStatus.OPEN).select_related(
        "ticket", "ticket__owner", "agent"
    )
    return {
        "breached": _run(breach_candidates(now), "due_at", _flag_breached, now),
        "at_risk": _run(at_risk_candidates(now), "at_risk_at", _flag_at_risk, now),
        "promises_missed": _run(
            open_promises.filter(due_at__lte=now),
            "due_at",
            lambda promise, at: promise_miss(promise=promise, now=at),
            now,
        ),
        "promises_reminded": _run(
            open_promises.filter(reminded_at__isnull=True, remind_at__lte=now),
            "remind_at",
            lambda promise, at: promise_remind(promise=promise, now=at),
            now,
        ),
        "etas_retold": eta_slips_announce(now=now),
    }
