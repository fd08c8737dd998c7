"""The customer's wait for the first human answer, per ticket and across channels.

For a ticket written by email, web or API, that is its first response (calendar time,
read from the same rollups). A chat or a call waits in a queue before any message: the
chat from the customer's first line to the agent accepting it, the call from the first
ring to an agent picking up. So a chat or phone ticket's wait runs from the earliest of
its opening, its first chat and its first call, to the earliest of its first agent
reply, its first accepted chat and its first call bridged to an agent.
"""

from collections import Counter
from dataclasses import replace
from datetime import datetime

from django.db.models import Min, Q

from realdesk.accounts.models import User
from realdesk.chat.models import ChatSession
from realdesk.reports.filters import ReportFilter
from realdesk.reports.selectors.durations import (
    Durations,
    Wait,
    duration_tallies,
    durations_summarise,
    ticket_waits,
)
from realdesk.reports.selectors.scope import tickets_q
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Ticket
from realdesk.voice.models import QueueEntry

#: Channels whose customers wait in a queue before the ticket's first message is answered.
QUEUED = (Channel.CHAT, Channel.PHONE)
#: What the provider says of a call that reached an agent (voice.actions.call_leave_queue).
BRIDGED = "bridged"


def human_wait(*, actor: User, flt: ReportFilter) -> Durations:
    """Tickets whose first human answer came in the period, and how long the customer
    had waited for it, per channel; calendar time whatever the page's hours toggle, since
    a customer in a queue waits on no business calendar."""
    tallies = duration_tallies(actor, replace(flt, business_hours=False), "first_response")
    for channel in QUEUED:
        tallies.pop(channel, None)
    for wait in queued_waits(actor=actor, flt=flt):
        tallies.setdefault(wait.channel, Counter())[wait.seconds] += 1
    return durations_summarise(tallies)


def human_wait_tickets(*, actor: User, flt: ReportFilter) -> dict[int, float]:
    """Per ticket counted by `human_wait`, its wait in seconds (the drill-down)."""
    written = ticket_waits(
        actor=actor, flt=replace(flt, business_hours=False), figure="first_response"
    )
    found = {wait.ticket_id: wait.seconds for wait in written if wait.channel not in QUEUED}
    found.update({wait.ticket_id: wait.seconds for wait in queued_waits(actor=actor, flt=flt)})
    return found


def queued_waits(*, actor: User, flt: ReportFilter) -> list[Wait]:
    """The chat and phone tickets first answered by a human in the period, queue included.
    Candidates come from three indexed reads (an agent reply, an accepted chat, a bridged
    call in the period) rather than one OR across three joins."""
    tickets = Ticket.objects.filter(tickets_q(actor=actor, flt=flt), channel__in=QUEUED)
    since, until = flt.since, flt.until
    replied = tickets.filter(first_response_at__gte=since, first_response_at__lt=until)
    accepted = ChatSession.objects.filter(accepted_at__gte=since, accepted_at__lt=until)
    bridged = QueueEntry.objects.filter(result=BRIDGED, left_at__gte=since, left_at__lt=until)
    rows = (
        tickets.filter(
            Q(pk__in=replied.values("pk"))
            | Q(pk__in=accepted.values("ticket_id"))
            | Q(pk__in=bridged.values("call__ticket_id"))
        )
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
            "team_id",
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
    waits = []
    for pk, team, channel, opened, chat, call, replied_at, chat_answer, call_answer in rows:
        contact = _earliest(opened, chat, call)
        answer = _earliest(replied_at, chat_answer, call_answer)
        if answer is not None and since <= answer < until:
            waits.append(Wait(pk, team, channel, max((answer - contact).total_seconds(), 0.0)))
    return waits


def _earliest(*instants: datetime | None) -> datetime | None:
    return min((at for at in instants if at is not None), default=None)
