"""How the SLA app follows tickets: clocks in the change's transaction, the rest after."""

from realdesk.sla.actions.clocks import CLOCK_EVENTS, sla_apply_events
from realdesk.sla.actions.pace import replies_tally
from realdesk.sla.actions.promises import (
    promises_hand_over,
    promises_keep_on_reply,
    promises_settle_on_solve,
)
from realdesk.sla.selectors import escalation_rules_active
from realdesk.sla.tasks import escalation_check
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

ESCALATION_EVENTS = (
    EventKind.CREATED,
    EventKind.MESSAGE_RECEIVED,
    EventKind.SLA_CHANGED,
    EventKind.PROMISE_CHANGED,
)


@reactions.in_transaction_all(*CLOCK_EVENTS)
def follow_tickets(events: list[Event]) -> None:
    # Reacting to CREATED means reacting inside the transaction that opened the ticket.
    sla_apply_events(events=events, opened_now=True)


@reactions.in_transaction(EventKind.REPLY_SENT)
def keep_promises(event: Event) -> None:
    promises_keep_on_reply(event=event)


@reactions.in_transaction_all(EventKind.REPLY_SENT)
def tally_replies(events: list[Event]) -> None:
    replies_tally(events=events)


@reactions.in_transaction(EventKind.STATUS_CHANGED)
def settle_promises_on_solve(event: Event) -> None:
    # May refuse the solve: raising here rolls the whole change back.
    promises_settle_on_solve(event=event)


@reactions.in_transaction(EventKind.OWNER_CHANGED)
def hand_over_promises(event: Event) -> None:
    promises_hand_over(event=event)


@reactions.after_commit_all(*ESCALATION_EVENTS)
def check_escalation(events: list[Event]) -> None:
    """One task for a change's events (a bulk import's hundred, say), and none when no
    rule is active: it would find nothing to do."""
    if escalation_rules_active():
        escalation_check.enqueue(event_ids=[event.pk for event in events])
