"""Keeping a ticket's SLA clocks in step with its events.

Called inside the change's transaction (the ticket row is locked), so a ticket's
deadlines never disagree with its state. Events are handled by what they mean for
the clocks: a customer message starts a next-response clock, a reply achieves the
response clocks, a status pauses, resumes, achieves or stops them.
"""

from datetime import datetime

from realdesk.core.bulk import rows_insert, rows_update
from realdesk.sla.calendars import BusinessCalendar
from realdesk.sla.choices import Level, Metric, Phase
from realdesk.sla.engine import (
    ZERO,
    Clock,
    clock_deadlines,
    clock_elapsed,
    clock_pause,
    clock_resume,
    clock_runs,
)
from realdesk.sla.models import SLATarget
from realdesk.sla.policies import (
    ALWAYS_OPEN,
    LoadedPolicy,
    active_policies,
    calendar_of,
    policy_for,
    ticket_facts,
)
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.events import SlaChanged, record_events, sla_changed
from realdesk.tickets.models import Event, Ticket

RESPONSES = {Metric.FIRST_RESPONSE, Metric.NEXT_RESPONSE}
#: The events that can start, stop, pause or re-target a clock.
CLOCK_EVENTS = (
    EventKind.CREATED,
    EventKind.MESSAGE_RECEIVED,
    EventKind.REPLY_SENT,
    EventKind.STATUS_CHANGED,
    EventKind.PRIORITY_CHANGED,
    EventKind.TEAM_CHANGED,
    EventKind.MERGED,
)


def goal_of(policy, metric: str):
    """The policy's target for a metric (None: the policy promises nothing there)."""
    return getattr(policy, metric)


def calendar_for(row: SLATarget, calendar: BusinessCalendar) -> BusinessCalendar:
    """The calendar a clock counts on: its policy's, or every hour once an escalation
    said so (a VIP about to leave is answered on a Sunday too)."""
    return ALWAYS_OPEN if row.around_the_clock else calendar


def clock_of(row: SLATarget) -> Clock:
    return Clock(
        target=row.target,
        elapsed=row.elapsed,
        running_since=row.running_since,
        at_risk_share=row.at_risk_share,
    )


def store_clock(row: SLATarget, clock: Clock, calendar: BusinessCalendar) -> None:
    row.elapsed, row.running_since = clock.elapsed, clock.running_since
    row.at_risk_at, row.due_at = clock_deadlines(clock, calendar=calendar)
    if row.phase != Phase.STOPPED:
        row.phase = Phase.RUNNING if clock.running else Phase.PAUSED


def announce(row: SLATarget, *, ticket: Ticket, what: str, at: datetime, **data) -> None:
    """One SLA_CHANGED Event per change of a target's state, visible on the ticket."""
    payload = SlaChanged(
        target=row.pk,
        metric=row.metric,
        cycle=row.cycle,
        due_at=row.due_at.isoformat() if row.due_at else None,
    )
    payload.update(data)  # "shortened" names the new target instead of the row
    record_events([sla_changed(ticket=ticket, after=what, payload=payload, at=at)])


def _start(
    ticket: Ticket, metric: str, cycle: int, loaded: LoadedPolicy, at: datetime
) -> SLATarget | None:
    goal = goal_of(loaded.policy, metric)
    if goal is None:
        return None
    return SLATarget(
        ticket=ticket,
        policy=loaded.policy,
        metric=metric,
        cycle=cycle,
        target=goal,
        at_risk_share=loaded.policy.at_risk_share,
        started_at=at,
        elapsed=ZERO,
        running_since=at,
    )


def _achieve(row: SLATarget, clock: Clock, *, ticket: Ticket, at: datetime, calendar) -> None:
    spent = clock_elapsed(clock, now=at, calendar=calendar)
    met = spent <= row.target
    if not met and row.level != Level.BREACHED:
        row.level, row.breached_at = Level.BREACHED, row.due_at or at
    row.phase, row.achieved_at, row.stopped_at = Phase.STOPPED, at, at
    store_clock(row, clock_pause(clock, at=at, calendar=calendar), calendar)
    row.save()
    announce(row, ticket=ticket, what="achieved", at=at, met=met)


def _stop(row: SLATarget, clock: Clock, *, at: datetime, calendar) -> None:
    row.phase, row.stopped_at = Phase.STOPPED, at
    store_clock(row, clock_pause(clock, at=at, calendar=calendar), calendar)


#: What applying events may change of a target, written for many targets at once.
CLOCK_FIELDS = [
    *("policy", "target", "at_risk_share", "elapsed", "running_since", "phase", "level"),
    *("at_risk_at", "due_at", "flagged_at_risk_at", "breached_at", "achieved_at", "stopped_at"),
]


class _Writes:
    """Targets started or changed by the events, written together: new ones in one
    insert, the others by one update (a bulk import's hundred messages, one statement)."""

    def __init__(self) -> None:
        self.touched: dict[int, SLATarget] = {}

    def add(self, row: SLATarget) -> None:
        self.touched[id(row)] = row

    def flush(self) -> None:
        """Also before reading a ticket's targets again, so the read sees them."""
        rows, self.touched = list(self.touched.values()), {}
        stored = [row for row in rows if row.pk is not None]
        rows_insert([row for row in rows if row.pk is None])
        rows_update(stored, CLOCK_FIELDS)


def _running_targets(tickets: list[Ticket]) -> dict[int, dict[str, SLATarget]]:
    """The clocks still running or paused, per ticket then metric, in one read."""
    running = SLATarget.objects.filter(ticket__in=tickets).exclude(phase=Phase.STOPPED)
    found: dict[int, dict[str, SLATarget]] = {ticket.pk: {} for ticket in tickets}
    for row in running.order_by("ticket_id", "started_at", "pk"):  # no join to order
        found[row.ticket_id][row.metric] = row
    return found


def _reopen_resolution(ticket: Ticket) -> SLATarget | None:
    row = (
        SLATarget.objects.filter(ticket=ticket, metric=Metric.RESOLUTION).order_by("-cycle").first()
    )
    if row is not None:
        row.phase, row.achieved_at, row.stopped_at = Phase.PAUSED, None, None
    return row


def _statuses_after(events: list[Event]) -> list[str]:
    """The status each of one ticket's events left it in: a status change says so; any
    other event leaves the status the next change starts from, or, after the last
    change, the ticket's own (a new ticket's row may be ahead of history replayed)."""
    statuses, status = [], events[-1].ticket.status
    for event in reversed(events):
        if event.kind == EventKind.STATUS_CHANGED:
            status = event.after
        elif event.kind == EventKind.CREATED:
            status = Status.NEW
        statuses.append(status)
        if event.kind == EventKind.STATUS_CHANGED:
            status = event.before
    return statuses[::-1]


def sla_apply_event(*, event: Event, opened_now: bool = False) -> None:
    """Bring the ticket's clocks up to date with one event; see `sla_apply_events`."""
    sla_apply_events(events=[event], opened_now=opened_now)


def sla_apply_events(*, events: list[Event], opened_now: bool = False) -> None:
    """Bring tickets' clocks up to date with their events, in order; the running clocks
    of all the tickets are read in one query. `opened_now`: a CREATED event opened its
    ticket in this very transaction, so it has no clocks yet to read (a third of the SLA
    work in a bulk import); replaying history never says so."""
    by_ticket: dict[int, list[Event]] = {}
    for event in events:
        by_ticket.setdefault(event.ticket_id, []).append(event)
    known = [
        mine[0].ticket
        for mine in by_ticket.values()
        if not (opened_now and mine[0].kind == EventKind.CREATED)
    ]
    running = _running_targets(known) if known else {}
    writes = _Writes()
    for pk, mine in by_ticket.items():
        live = running.get(pk, {})
        for event, status in zip(mine, _statuses_after(mine), strict=True):
            _apply(event, status, live, writes)
            live = {metric: row for metric, row in live.items() if row.phase != Phase.STOPPED}
    writes.flush()


def _apply(event: Event, status: str, live: dict[str, SLATarget], writes: _Writes) -> None:
    """One event on the ticket's live clocks (`live`, by metric, is updated in place)."""
    ticket, at, kind = event.ticket, event.created_at, event.kind
    loaded = policy_for(ticket_facts(ticket, event), active_policies())
    if kind == EventKind.STATUS_CHANGED and event.before == Status.SOLVED:
        writes.flush()
        reopened = _reopen_resolution(ticket) if status != Status.CLOSED else None
        if reopened is not None:
            live[Metric.RESOLUTION] = reopened
    if loaded is not None:
        _start_clocks(ticket, kind, loaded, live, at, writes)
    calendar = loaded.calendar if loaded else calendar_of(None)
    pause_on_hold = loaded.policy.pause_on_hold if loaded else True
    ends = status in {Status.SOLVED, Status.CLOSED} or (
        kind == EventKind.MERGED and event.after == Status.CLOSED
    )
    policy_calendar = calendar
    for metric, row in live.items():
        governed = loaded is None or follow_policy(row, loaded)
        calendar = calendar_for(row, policy_calendar)
        clock = clock_of(row)
        if not governed:
            _stop(row, clock, at=at, calendar=calendar)
        elif (metric in RESPONSES and kind == EventKind.REPLY_SENT) or (
            metric == Metric.RESOLUTION and status == Status.SOLVED
        ):
            _achieve(row, clock, ticket=ticket, at=at, calendar=calendar)
            continue
        elif ends:
            _stop(row, clock, at=at, calendar=calendar)
        elif clock_runs(status, pause_on_hold=pause_on_hold):
            store_clock(row, clock_resume(clock, at=at), calendar)
        else:
            store_clock(row, clock_pause(clock, at=at, calendar=calendar), calendar)
        writes.add(row)


def _start_clocks(
    ticket: Ticket, kind: str, loaded: LoadedPolicy, live: dict, at: datetime, writes: _Writes
) -> None:
    """A new ticket starts first response and resolution; a customer message after
    the first answer starts the next next-response cycle."""
    if kind == EventKind.CREATED:
        starting = [(Metric.FIRST_RESPONSE, 1), (Metric.RESOLUTION, 1)]
    elif (
        kind == EventKind.MESSAGE_RECEIVED
        and ticket.first_response_at
        and not (live.keys() & RESPONSES)
    ):
        writes.flush()
        done = SLATarget.objects.filter(ticket=ticket, metric=Metric.NEXT_RESPONSE).count()
        starting = [(Metric.NEXT_RESPONSE, done + 1)]
    else:
        return
    for metric, cycle in starting:
        row = _start(ticket, metric, cycle, loaded, at)
        if row is not None:
            live[metric] = row


def follow_policy(row: SLATarget, loaded: LoadedPolicy) -> bool:
    """Adopt the policy that now governs the ticket; False if it promises nothing here."""
    goal = goal_of(loaded.policy, row.metric)
    if goal is None:
        return False
    if row.cap is not None:  # an escalation's shorter target outlives a change of policy
        goal = min(goal, row.cap)
    row.policy, row.target, row.at_risk_share = loaded.policy, goal, loaded.policy.at_risk_share
    return True
