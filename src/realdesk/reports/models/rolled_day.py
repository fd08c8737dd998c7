from django.db import models


class RolledDay(models.Model):
    """A local day, or its first `hours` hours, whose rollups are complete, so reports read
    them instead of tickets: `hours` 24 is the whole day; 1 to 23 are the prefixes from
    local midnight, rolled up with the day and, for today, every hour
    (`reports.tasks.rollup_today_task`).

    Kept apart from DailyRollup because a quiet day has no rollup rows and must still read
    as "rolled up, nothing happened" rather than "not rolled up yet"."""

    day = models.DateField()
    hours = models.PositiveSmallIntegerField(default=24)
    computed_at = models.DateTimeField()
    #: Per customer, the stretch's total wait for a person across every team and channel,
    #: as a packed tally (reports/tallies.py): a sum across channels no row of one channel has.
    customer_days = models.BinaryField(default=b"")
    #: For the prefixes of a day rolled up before it ended (today), each customer's seconds
    #: waited (reports/tallies.py `seconds_encode`), so a report adds its live hour to them
    #: without reading their day again; None when not kept (a day rolled up whole: keeping
    #: them for every day would weigh some megabytes a day at 10,000 tickets).
    customer_seconds = models.BinaryField(null=True, default=None)
    #: On the whole day's row of a day a comparison period ends on
    #: (reports.periods.comparison_days), every piece of the customers' waits that day
    #: (reports/selectors/waits.py `wait_pieces`), so a report summing that day up to any
    #: instant reads no ticket; None on other days.
    wait_pieces = models.BinaryField(null=True, default=None)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "hours"], name="rolled_day_hours_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} to {self.hours}:00"
