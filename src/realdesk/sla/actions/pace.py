"""The replies each queue sends, tallied per hour as they go out (the ETA's pace)."""

from collections import Counter
from datetime import datetime, timedelta

from django.db import connection

from realdesk.sla.models import QueueReplies
from realdesk.sla.pace import hour_of, queue_of
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

#: Tallies older than this are read by nothing (the ETA looks back a week).
KEPT = timedelta(days=8)

_ADD = """
INSERT INTO {table} ("queue", "hour", "replies") VALUES (%s, %s, %s)
ON CONFLICT ("queue", "hour") DO UPDATE SET replies = {table}.replies + excluded.replies
"""


def replies_tally(*, events: list[Event]) -> None:
    """Count replies in the transaction that sends them: one upsert per queue and hour. The
    hour goes in as the ORM writes it (SQLite keeps instants as text), so a reply adds to
    the row a rebuild or the migration wrote."""
    counted = Counter((queue_of(e.ticket.team_id), hour_of(e.created_at)) for e in events)
    ops = connection.ops
    sql = _ADD.format(table=ops.quote_name(QueueReplies._meta.db_table))
    rows = [(q, ops.adapt_datetimefield_value(hour), n) for (q, hour), n in counted.items()]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def replies_tally_rebuild(*, since: datetime) -> int:
    """Tally again the replies sent since the hour of `since` from their events (for a desk
    whose events were written without the reaction: the benches' dataset); the hours
    written."""
    start = hour_of(since)
    replies = Event.objects.filter(kind=EventKind.REPLY_SENT, created_at__gte=start)
    counted = Counter(
        (queue_of(team_id), hour_of(at))
        for team_id, at in replies.values_list("ticket__team_id", "created_at")
    )
    QueueReplies.objects.filter(hour__gte=start).delete()
    QueueReplies.objects.bulk_create(
        QueueReplies(queue=queue, hour=hour, replies=n) for (queue, hour), n in counted.items()
    )
    return len(counted)


def replies_tally_sweep(*, now: datetime) -> int:
    """Forget the hours no ETA reads any more."""
    return QueueReplies.objects.filter(hour__lt=now - KEPT).delete()[0]
