"""Claims on outbox rows are leases, so a sender that dies mid-send strands nothing.

Why: an outbox row moves to `sending` before its worker talks to the network, so two
workers never send it at once. If that worker dies, nobody records the outcome; as a
lease, the claim runs out (`next_attempt_at` holds when, while a row is `sending`), and
the periodic sweep takes the row over and records the lost try as a failed attempt,
so the outbox's own retry rules decide what comes next.
"""

from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

LEASE = timedelta(minutes=10)  # far beyond any network timeout of a send


def lease_claim(rows: QuerySet, *, sending: str) -> bool:
    """Claim the row(s) for sending, for one lease, and count the attempt."""
    now = timezone.now()
    return bool(
        rows.update(status=sending, attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )


def leases_run_out(rows: QuerySet, *, sending: str) -> list[int]:
    """Ids of rows whose sender stopped mid-send, each taken over here alone (a conditional
    UPDATE renews the lease, so two sweeps never both act on one row)."""
    now = timezone.now()
    expired = rows.filter(status=sending, next_attempt_at__lte=now)
    return [
        pk
        for pk in expired.values_list("pk", flat=True)
        if expired.filter(pk=pk).update(next_attempt_at=now + LEASE)
    ]
