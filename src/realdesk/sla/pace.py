"""Which tally of `QueueReplies` a reply goes to: its queue and its hour."""

from datetime import UTC, datetime


def queue_of(team_id: int | None) -> int:
    """Tickets with no team form a queue of their own, 0."""
    return team_id or 0


def hour_of(at: datetime) -> datetime:
    """The UTC hour `at` falls in (hours of zones with half-hour offsets differ)."""
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
