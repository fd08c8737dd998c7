from django.db import models


class DailyRollup(models.Model):
    """The heavy figures of one local day for one team and channel, worked out once by
    `reports.actions.rollup_days` so a report over weeks reads a few hundred rows instead of
    every ticket (and every ticket's business calendar).

    Durations are tallies of (minutes, tickets), packed (reports/tallies.py): exact to the
    minute, while a day of 10,000 tickets stays a few hundred pairs.
    Derived data: deleting every row loses nothing (re-run the rollup).
    """

    day = models.DateField()
    #: The rows cover the day from local midnight to `hours` o'clock; 24 is the whole day.
    #: Each day keeps every such prefix (1 to 24), so a report that ends mid-day (today
    #: so far, the comparison period's last day) reads all but its last hour from rollups.
    hours = models.PositiveSmallIntegerField(default=24)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=16)
    #: Tickets opened that day, per local hour (24 counts), for the arrivals heatmap.
    arrivals_by_hour = models.JSONField(default=list)
    first_response_business = models.BinaryField(default=b"")
    first_response_calendar = models.BinaryField(default=b"")
    resolution_business = models.BinaryField(default=b"")
    resolution_calendar = models.BinaryField(default=b"")
    #: Of the tickets solved that day, those solved after exactly one agent reply.
    #: Tickets solved that day (and still solved when rolled up), as `resolution` counts.
    solved = models.PositiveIntegerField(default=0)
    one_touch = models.PositiveIntegerField(default=0)
    #: Of the tickets solved that day, those whose customer came back about the same issue
    #: within 7 days (the rollup of a day is re-run for 8 days, see reports/tasks.py).
    recontacted = models.PositiveIntegerField(default=0)
    #: Solves that day (status changes to solved; a ticket solved twice counts twice), and
    #: of those, the ones the customer came back to within 7 days (reopen or follow-up).
    solve_events = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    #: Customers' waits for a person that day on this team's tickets of this channel: the
    #: seconds in all, and per customer a tally like the durations (reports/selectors/waits.py).
    wait_seconds = models.FloatField(default=0)
    customer_days = models.BinaryField(default=b"")
    #: Each customer's seconds of `wait_seconds`, kept when the RolledDay of the same prefix
    #: keeps its own (`RolledDay.customer_seconds`).
    customer_seconds = models.BinaryField(default=b"")
    #: SLA targets decided that day: {metric: [met, missed]}.
    sla = models.JSONField(default=dict)

    class Meta:
        # One row per day, hours, team and channel: `rollup_day` replaces a day's rows
        # while holding its RolledDay rows locked (a unique constraint over a nullable team
        # would not hold on SQLite).
        indexes = [models.Index(fields=["day", "hours"], name="rollup_day_hours_idx")]

    def __str__(self) -> str:
        return f"{self.day} to {self.hours}:00 team {self.team_id} {self.channel}"
