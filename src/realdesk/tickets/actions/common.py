"""Pieces shared by the ticket actions."""

from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import Customer, User
from realdesk.core.errors import ApplicationError
from realdesk.tickets.choices import OpenPromises, Status
from realdesk.tickets.events import StatusChanged, status_changed
from realdesk.tickets.models import Event, Ticket, TicketCounter
from realdesk.tickets.workflow import check_transition

FIRST_TICKET_NUMBER = 1001
#: PostgreSQL's source of ticket numbers (migration 0011); SQLite uses `TicketCounter`.
NUMBER_SEQUENCE = "tickets_ticket_number_seq"
#: What `apply_status` may change, for callers that save with update_fields.
STATUS_FIELDS = ["status", "solved_at", "close_reason"]


#: What `owner_set` changes, for callers that save with update_fields.
OWNER_FIELDS = ["owner", "owner_since", "unowned_seconds"]


def owner_set(ticket: Ticket, owner: User | None, at: datetime) -> None:
    """Give the ticket `owner` (None: nobody) from `at` on, adding the stretch it just
    ended without one to its `unowned_seconds`. Every change of owner goes through here,
    with its event's instant, so the fields agree with the OWNER_CHANGED events."""
    if ticket.owner_id is None:
        since = ticket.owner_since or ticket.created_at
        ticket.unowned_seconds += max((at - since).total_seconds(), 0.0)
    ticket.owner, ticket.owner_since = owner, at


def lock(ticket: Ticket) -> Ticket:
    """A fresh copy of the ticket with its row locked until the transaction ends. With its
    customer (not locked), whom the SLA clocks' policy reads on nearly every change."""
    return (
        Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=ticket.pk)
    )


def check_can_own(owner: User | None) -> None:
    """Only someone who can work tickets can be their named owner."""
    if owner is not None and not owner.can_edit_tickets:
        raise ApplicationError(
            gettext("%(owner)s cannot own tickets (inactive or read-only).") % {"owner": owner},
            code="invalid_owner",
        )


def check_not_closed(ticket: Ticket) -> None:
    if ticket.merged_into_id:
        raise ApplicationError(
            gettext("Ticket #%(number)s was merged; work on the ticket it was merged into.")
            % {"number": ticket.number},
            code="ticket_merged",
        )
    if ticket.status == Status.CLOSED:
        raise ApplicationError(
            gettext(
                "Ticket #%(number)s is closed; a new message from the customer opens a "
                "follow-up ticket."
            )
            % {"number": ticket.number},
            code="ticket_closed",
        )


def next_ticket_numbers(count: int) -> list[int]:
    """The next `count` ticket numbers, ascending. Call inside the creating transaction.

    PostgreSQL draws them from a sequence (decision 0005): `nextval` takes no lock that
    lasts, so concurrent creations no longer queue behind one another until they commit; a
    rolled-back creation leaves a gap, never a reused number. SQLite has one writer at a
    time anyway and keeps the counter row, locked until the transaction ends."""
    if not count:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)", [NUMBER_SEQUENCE, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
    last = _counter_add(count)
    if last is None:
        _, created = TicketCounter.objects.get_or_create(
            name="ticket", defaults={"value": FIRST_TICKET_NUMBER + count - 1}
        )
        if created:
            return list(range(FIRST_TICKET_NUMBER, FIRST_TICKET_NUMBER + count))
        last = _counter_add(count)
    return list(range(last - count + 1, last + 1))


def ticket_numbers_follow(last: int) -> None:
    """Make the next ticket number come after `last`: for loaders that write tickets with
    numbers of their own (bulk inserts, SQL fills) instead of taking them here. Never moves
    the numbering back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {NUMBER_SEQUENCE})))",  # noqa: S608 (our sequence)
                [NUMBER_SEQUENCE, last],
            )
        return
    with transaction.atomic():
        counter, _ = TicketCounter.objects.select_for_update().get_or_create(
            name="ticket", defaults={"value": last}
        )
        if counter.value < last:
            counter.value = last
            counter.save(update_fields=["value"])


def _counter_add(count: int) -> int | None:
    """The counter's new value, or None before the first ticket: one UPDATE ... RETURNING
    (SQLite 3.35+ and PostgreSQL), where update-then-read took two round trips with the row
    already locked, on the path of every ticket opened."""
    table = connection.ops.quote_name(TicketCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "value" = "value" + %s WHERE "name" = %s RETURNING "value"',  # noqa: S608 (the table name is ours)
            [count, "ticket"],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def clean_subject(subject: str, body_text: str) -> str:
    """One line, never empty: a subject is shown in every list and mail header."""
    text = " ".join(subject.split()) or " ".join(body_text.split()[:12]) or "(no subject)"
    return text[:255]


def apply_status(ticket: Ticket, new_status: str, **change: Any) -> list[Event]:
    """Move a locked ticket to a new status (who and why: the arguments of
    `status_change`); its Event, none if the status is unchanged, for the caller to write
    with `record_events` once it saved the ticket."""
    return [status_change(ticket, new_status, **change)] if new_status != ticket.status else []


def status_change(
    ticket: Ticket,
    new_status: str,
    *,
    actor: User | None = None,
    actor_customer: Customer | None = None,
    reason: str = "",
    open_promises: str = "",
    release_reason: str = "",
    at: datetime | None = None,
) -> Event:
    """Move the ticket to a different status; its Event returned unwritten, for
    `record_events` with others. `open_promises` (an `OpenPromises` value) and
    `release_reason` say what a solve does with the promises still open on the ticket."""
    check_transition(ticket.status, new_status)
    if open_promises not in {"", *OpenPromises.values}:
        raise ApplicationError(
            gettext("Unknown choice for open promises %(open_promises)r: keep or release.")
            % {"open_promises": open_promises},
            code="invalid_choice",
        )
    when = at or timezone.now()
    before = ticket.status
    ticket.status = new_status
    if new_status == Status.SOLVED:
        ticket.solved_at = when
    elif before == Status.SOLVED and new_status != Status.CLOSED:
        ticket.solved_at = None
    if new_status in {Status.SOLVED, Status.CLOSED} and reason:
        ticket.close_reason = reason[:255]
    data = StatusChanged(reason=reason) if reason else StatusChanged()
    if before == Status.SOLVED and new_status == Status.OPEN:
        data["reopened"] = True
    if new_status == Status.SOLVED and open_promises:
        data["open_promises"] = open_promises
        if release_reason.strip():
            data["release_reason"] = release_reason.strip()
    return status_changed(
        ticket=ticket,
        payload=data,
        actor=actor,
        actor_customer=actor_customer,
        before=before,
        after=new_status,
        at=when,
    )
