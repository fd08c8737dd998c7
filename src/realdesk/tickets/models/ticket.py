from django.conf import settings
from django.db import models
from django.utils.translation import gettext

from realdesk.tickets.choices import Channel, Priority, Status, SystemCloseReason


class TicketCounter(models.Model):
    """The source of human-friendly ticket numbers (#1001, #1002, ...).

    A counter row rather than the primary key, so numbers stay short, never reused
    and identical on every database; incremented under a row lock.
    """

    name = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Tag(models.Model):
    name = models.SlugField(max_length=64, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    """One customer issue as one conversation, whatever channels it crosses."""

    number = models.PositiveBigIntegerField(unique=True)
    subject = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=16, choices=Priority.choices, default=Priority.NORMAL)
    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.PROTECT, related_name="tickets"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_tickets",
    )
    #: Seconds the ticket went without an owner before `owner_since`, the instant its owner
    #: (or its having none) last changed, empty if never since it was opened: kept by every
    #: owner change (`tickets.actions.common.owner_set`), so the reports' unowned time is
    #: one read of the open tickets rather than a walk over their events.
    unowned_seconds = models.FloatField(default=0)
    owner_since = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=16, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    # Indexed only where set (ticket_merged_into_idx below).
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_tickets",
        db_index=False,
    )
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    close_reason = models.CharField(max_length=255, blank=True)

    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_customer_message_at = models.DateTimeField(null=True, blank=True)
    last_agent_reply_at = models.DateTimeField(null=True, blank=True)
    awaiting_reply_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the customer's unanswered message arrived; empty once answered.",
    )
    solved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        indexes = [
            models.Index(fields=["status", "awaiting_reply_since"], name="ticket_wait_idx"),
            models.Index(fields=["owner", "status"], name="ticket_owner_idx"),
            models.Index(fields=["team", "status"], name="ticket_team_idx"),
            # Reports read a day or a period by these instants (reports/selectors/).
            models.Index(fields=["created_at"], name="ticket_created_idx"),
            models.Index(fields=["first_response_at"], name="ticket_first_response_idx"),
            models.Index(fields=["solved_at"], name="ticket_solved_idx"),
            # Every list reads `merged_into IS NULL`, true of nearly every ticket; an index
            # of all of them drew SQLite's planner (its sampled statistics say a value
            # holds 1,000 rows) into walking the whole desk for a view of 500 tickets.
            # Only the merged ones are indexed: the lookup of a ticket's merged tickets.
            models.Index(
                fields=["merged_into"],
                name="ticket_merged_into_idx",
                condition=models.Q(merged_into__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    # Django's get_FOO_display builds a dict of every choice on each call; an inbox page
    # calls these three for each of its 50 rows (17 ms of a 60 ms page, cProfile).
    def get_status_display(self) -> str:
        return _label(Status, self.status)

    def get_priority_display(self) -> str:
        return _label(Priority, self.priority)

    def get_channel_display(self) -> str:
        return _label(Channel, self.channel)

    def close_reason_display(self) -> str:
        """Why it was closed, in the reader's language: the reasons the system writes are
        stored in English (`SystemCloseReason`, "Merged into #N") and said here in the
        reader's; an agent's own words stay as they wrote them."""
        if self.merged_into_id:
            return gettext("Merged into #%(number)s") % {"number": self.merged_into.number}
        return _label(SystemCloseReason, self.close_reason)


def _label(choices: type[models.TextChoices], value: str) -> str:
    """The choice's label in the active language; an unknown stored value as it is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
