from realdesk.sla.models.calendar import BusinessCalendar
from realdesk.sla.models.escalation import Escalation, EscalationRule, Watcher
from realdesk.sla.models.eta import EtaPrediction, QueueReplies
from realdesk.sla.models.goodwill import GoodwillLimit
from realdesk.sla.models.policy import SLAPolicy
from realdesk.sla.models.promise import Promise
from realdesk.sla.models.target import SLATarget

__all__ = [
    "BusinessCalendar",
    "Escalation",
    "EscalationRule",
    "EtaPrediction",
    "GoodwillLimit",
    "Promise",
    "QueueReplies",
    "SLAPolicy",
    "SLATarget",
    "Watcher",
]
