"""Every write of the SLA app: clocks, the periodic pass, escalation, promises, goodwill."""

from realdesk.sla.actions.clocks import sla_apply_event
from realdesk.sla.actions.escalate import escalation_evaluate
from realdesk.sla.actions.evaluate import sla_evaluate
from realdesk.sla.actions.goodwill import goodwill_grant
from realdesk.sla.actions.promises import (
    promise_keep,
    promise_make,
    promise_miss,
    promise_release,
    promise_remind,
    promises_hand_over,
    promises_keep_on_reply,
    promises_settle_on_solve,
)
from realdesk.sla.actions.reschedule import sla_reschedule

__all__ = [
    "escalation_evaluate",
    "goodwill_grant",
    "promise_keep",
    "promise_make",
    "promise_miss",
    "promise_release",
    "promise_remind",
    "promises_hand_over",
    "promises_keep_on_reply",
    "promises_settle_on_solve",
    "sla_apply_event",
    "sla_evaluate",
    "sla_reschedule",
]
