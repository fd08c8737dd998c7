"""The customer's wait for the first human answer, per ticket and across channels.

For a ticket with no chat and no call, that is its first response (calendar time, read
from the same rollups). A chat or a call waits in a queue before any message: the chat
from the customer's first line to the agent accepting it, the call from the first ring to
an agent picking up. So a ticket with a chat or a call waits from the earliest of its
opening, its first chat and its first call, to the earliest of its first agent reply, its
first accepted chat and its first call bridged to an agent.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Min, Q

from realdesk.accounts.models import User
from realdesk.chat.models import ChatSession
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.durations import (
    Durations,
    duration_tallies,
    durations_summarise,
    ticket_waits,
)
from realdesk.reports.selectors.rollups import report_split
from realdesk.reports.selectors.scope import tickets_q
from realdesk.reports.selectors.waits import FIRST_WAIT_LOOKBACK
from realdesk.tickets.models import Ticket
from realdesk.voice.models import Call

#: What the provider says of a call that reached an agent (voice.actions.call_leave_queue).
BRIDGED = "bridged"


def human_wait(*, actor: User, flt: ReportFilter) -> Durations:
    """Tickets whose first human answer came in the period, and how long the customer
    had waited for it, per channel; calendar time whatever the page's hours toggle, since
    a customer in a queue waits on no business calendar.

    The first responses in calendar time (rollups plus the rest live) hold every ticket
    answered by a reply; a ticket with a chat or a call has its reply's entry taken out
    (rounded to the minute as its rollup keeps it, if its day is rolled up) and its
    queue-aware wait put in, so only the few tickets with chats or calls are read live."""
    calendar = replace(flt, business_hours=False)
    tallies = duration_tallies(actor, calendar, "first_response")
    split = report_split(actor=actor, flt=calendar)
    for queued in queued_waits(actor=actor, flt=flt):
        if queued.replied_at is not None:
            seconds = queued.replied_seconds
            if split.covers(queued.replied_at):
                seconds = 60.0 * round(seconds / 60)
            tallies[queued.channel][seconds] -= 1
        if queued.wait is not None:
            tallies.setdefault(queued.channel, Counter())[queued.wait] += 1
    return durations_summarise({ch: +tally for ch, tally in tallies.items() if +tally})


def human_wait_tickets(*, actor: User, flt: ReportFilter) -> dict[int, float]:
    """Per ticket counted by `human_wait`, its wait in seconds (the drill-down)."""
    calendar = replace(flt, business_hours=False)
    written = ticket_waits(actor=actor, flt=calendar, figure="first_response")
    found = {wait.ticket_id: wait.seconds for wait in written}
    for queued in queued_waits(actor=actor, flt=flt):
        found.pop(queued.ticket_id, None)
        if queued.wait is not None:
            found[queued.ticket_id] = queued.wait
    return found


@dataclass(frozen=True)
class Queued:
    """A ticket with a chat or a call whose first reply or first queue answer is in the
    period: its queue-aware wait, and the first reply the first responses counted for it."""

    ticket_id: int
    channel: str
    #: Seconds from first contact to the first human answer; None when that answer came
    #: before the period (a chat accepted last week, answered by mail this week).
    wait: float | None
    #: The first agent reply when it falls in the period, and its calendar wait from the
    #: opening, as first_response counted it.
    replied_at: datetime | None
    replied_seconds: float


def queued_waits(*, actor: User, flt: ReportFilter) -> list[Queued]:
    """The tickets with a chat or a call first answered in the period, by a reply or in
    the queue."""
    since, until = flt.since, flt.until
    # From the small tables by their own start instant, never through a join that would
    # read every ticket; a chat or call started more than FIRST_WAIT_LOOKBACK before the
    # period is not looked for (docs/reports.md).
    started = {"started_at__gte": since - FIRST_WAIT_LOOKBACK, "started_at__lt": until}
    candidates = set(ChatSession.objects.filter(**started).values_list("ticket_id", flat=True))
    candidates.update(
        Call.objects.filter(**started, ticket__isnull=False).values_list("ticket_id", flat=True)
    )
    if not candidates:
        return []
    rows = (
        Ticket.objects.filter(tickets_q(actor=actor, flt=flt), pk__in=candidates)
        .annotate(
            chat_start=Min("chats__started_at"),
            chat_answer=Min("chats__accepted_at"),
            call_start=Min("calls__started_at"),
            call_answer=Min(
                "calls__queue_entry__left_at", filter=Q(calls__queue_entry__result=BRIDGED)
            ),
        )
        .values_list(
            "pk",
            "channel",
            "created_at",
            "chat_start",
            "call_start",
            "first_response_at",
            "chat_answer",
            "call_answer",
        )
        .order_by()
    )
    found = []
    for pk, channel, opened, chat, call, replied_at, chat_answer, call_answer in rows:
        contact = _earliest(opened, chat, call)
        answer = _earliest(replied_at, chat_answer, call_answer)
        counted = answer is not None and since <= answer < until
        in_period = replied_at is not None and since <= replied_at < until
        found.append(
            Queued(
                ticket_id=pk,
                channel=channel,
                wait=_seconds(contact, answer) if counted else None,
                replied_at=replied_at if in_period else None,
                replied_seconds=_seconds(opened, replied_at) if in_period else 0.0,
            )
        )
    return found


def _seconds(start: datetime, stop: datetime) -> float:
    """Never negative: an imported history may carry an answer stamped before its ticket."""
    return max((stop - start).total_seconds(), 0.0)


def _earliest(*instants: datetime | None) -> datetime | None:
    return min((at for at in instants if at is not None), default=None)
