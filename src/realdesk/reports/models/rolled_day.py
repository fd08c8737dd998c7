from django.db import models


class RolledDay(models.Model):
    """A local day whose rollups are complete, so reports read them instead of tickets.

    Kept apart from DailyRollup because a quiet day has no rollup rows and must still read
    as "rolled up, nothing happened" rather than "not rolled up yet"."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()
    #: Per customer, the day's total wait for a person across every team and channel, as
    #: a packed tally (reports/tallies.py): a sum across channels no row of one channel has.
    customer_days = models.BinaryField(default=b"")

    def __str__(self) -> str:
        return str(self.day)
