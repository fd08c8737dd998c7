"""Escalation rules as two small typed registries: conditions (does this ticket need
an empowered person now, and why?) and responses (what to do about it).

A condition returns the reason as a phrase (a code and its facts, put into words in
each reader's language: sla/reasons.py), or None; the admin combines a condition with a
response in an EscalationRule. New conditions (say, a bad satisfaction score
from the surveys app) register here without touching the evaluator.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.utils.translation import gettext as _

from realdesk.accounts.choices import CustomerTier
from realdesk.accounts.models import User
from realdesk.accounts.notify import leads_of
from realdesk.comms.outbound import AgentNotice, notify_agents
from realdesk.core.phrases import Phrase
from realdesk.core.registry import Registry
from realdesk.sla.choices import Condition, Level, Phase, PromiseStatus, Response
from realdesk.sla.frustration import Frustration, frustration_signals, same_issue
from realdesk.sla.models import EscalationRule, Promise, SLATarget, Watcher
from realdesk.sla.policies import calendar_of
from realdesk.sla.reasons import reasons, sla_flagged
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Ticket

REPEAT_WINDOW = timedelta(days=14)
LATEST_MESSAGES = 3


@dataclass
class Plan:
    """What the responses of one escalation add up to, applied in one ticket action."""

    priority: str | None = None
    team_id: int | None = None
    notified: list[str] = field(default_factory=list)
    watchers: list[str] = field(default_factory=list)
    respond_within: timedelta | None = None
    around_the_clock: bool = False


ConditionCheck = Callable[[Ticket, datetime], Phrase | None]
ResponseStep = Callable[[EscalationRule, Ticket, Phrase, Plan], None]
_conditions: Registry[str, ConditionCheck] = Registry("escalation conditions")
_responses: Registry[str, ResponseStep] = Registry("escalation responses")


def condition(key: str) -> Callable[[ConditionCheck], ConditionCheck]:
    return partial(_conditions.register, key)


def response(key: str) -> Callable[[ResponseStep], ResponseStep]:
    return partial(_responses.register, key)


def check(key: str, ticket: Ticket, now: datetime) -> Phrase | None:
    return _conditions.get(key)(ticket, now)


def respond(rule: EscalationRule, ticket: Ticket, reason: Phrase, plan: Plan) -> None:
    _responses.get(rule.response)(rule, ticket, reason, plan)


def _flagged(ticket: Ticket, condition: str, level: str) -> Phrase | None:
    row = (
        SLATarget.objects.filter(ticket=ticket, level=level)
        .exclude(phase=Phase.STOPPED)
        .select_related("policy__calendar")
        .order_by("due_at")
        .first()
    )
    if row is None:
        return None
    zone = calendar_of(row.policy.calendar if row.policy else None).tz
    return sla_flagged(condition, metric=row.metric, due_at=row.due_at, zone=str(zone))


@condition(Condition.SLA_AT_RISK)
def sla_at_risk(ticket: Ticket, now: datetime) -> Phrase | None:
    return _flagged(ticket, Condition.SLA_AT_RISK, Level.AT_RISK)


@condition(Condition.SLA_BREACHED)
def sla_breached(ticket: Ticket, now: datetime) -> Phrase | None:
    return _flagged(ticket, Condition.SLA_BREACHED, Level.BREACHED)


def _latest_signals(ticket: Ticket) -> Frustration:
    latest = ticket.messages.filter(direction=Direction.INBOUND).order_by("-created_at", "-pk")
    return frustration_signals("\n".join(m.body_text for m in latest[:LATEST_MESSAGES]))


@condition(Condition.FRUSTRATION)
def frustration(ticket: Ticket, now: datetime) -> Phrase | None:
    found = _latest_signals(ticket)
    if not found.frustrated:
        return None
    return Phrase(Condition.FRUSTRATION, {"signals": list(found.signals)})


@condition(Condition.LEAVING)
def leaving(ticket: Ticket, now: datetime) -> Phrase | None:
    """Cancelling, switching to a competitor: the one signal worth a shorter clock alone."""
    return Phrase(Condition.LEAVING) if "leaving" in _latest_signals(ticket).signals else None


@condition(Condition.REPEAT_CONTACT)
def repeat_contact(ticket: Ticket, now: datetime) -> Phrase | None:
    if ticket.follow_up_of_id:
        return Phrase("follow_up", {"number": ticket.follow_up_of.number})
    earlier = Ticket.objects.filter(
        customer=ticket.customer_id,
        created_at__gte=ticket.created_at - REPEAT_WINDOW,
        created_at__lt=ticket.created_at,
    ).exclude(pk=ticket.pk)
    for number, subject in earlier.values_list("number", "subject"):
        if same_issue(subject, ticket.subject):
            return Phrase("same_issue", {"number": number})
    return None


@condition(Condition.VIP)
def vip(ticket: Ticket, now: datetime) -> Phrase | None:
    return Phrase(Condition.VIP) if ticket.customer.tier == CustomerTier.VIP else None


@condition(Condition.PROMISE_MISSED)
def promise_missed(ticket: Ticket, now: datetime) -> Phrase | None:
    missed = Promise.objects.filter(ticket=ticket, status=PromiseStatus.MISSED).first()
    return Phrase(Condition.PROMISE_MISSED, {"what": missed.what}) if missed else None


def _escalation_facts(rule: EscalationRule, ticket: Ticket, reason: Phrase) -> dict:
    """The condition's name and its detail ("same issue as #12") in the reader's language:
    called while the mail's language is active."""
    return {
        "number": ticket.number,
        "subject": ticket.subject,
        "condition": rule.get_condition_display(),
        "reason": reasons.words(reason),
    }


@response(Response.NOTIFY_LEAD)
def notify_lead(rule: EscalationRule, ticket: Ticket, reason: Phrase, plan: Plan) -> None:
    plan.notified += notify_agents(
        agents=leads_of(ticket.team_id),
        notice=lambda: AgentNotice(
            subject=_("[#%(number)s] escalated: %(condition)s")
            % {"number": ticket.number, "condition": rule.get_condition_display()},
            body=_("Ticket #%(number)s (%(subject)s) needs you: %(condition)s (%(reason)s).")
            % _escalation_facts(rule, ticket, reason),
        ),
        ticket_number=ticket.number,
    )


@response(Response.RAISE_PRIORITY)
def raise_priority(rule: EscalationRule, ticket: Ticket, reason: Phrase, plan: Plan) -> None:
    plan.priority = rule.priority or plan.priority


@response(Response.REASSIGN_TEAM)
def reassign_team(rule: EscalationRule, ticket: Ticket, reason: Phrase, plan: Plan) -> None:
    plan.team_id = rule.team_id or plan.team_id


@response(Response.ADD_WATCHER)
def add_watcher(rule: EscalationRule, ticket: Ticket, reason: Phrase, plan: Plan) -> None:
    watcher: User | None = rule.watcher
    if watcher is None:
        return
    Watcher.objects.get_or_create(ticket=ticket, agent=watcher)
    plan.watchers.append(str(watcher))
    notify_agents(
        agents=[watcher],
        notice=lambda: AgentNotice(
            subject=_("[#%(number)s] you now watch this ticket") % {"number": ticket.number},
            body=_("Ticket #%(number)s (%(subject)s) was escalated: %(condition)s (%(reason)s).")
            % _escalation_facts(rule, ticket, reason),
        ),
        ticket_number=ticket.number,
    )


@response(Response.SHORTEN_TARGET)
def shorten_target(rule: EscalationRule, ticket: Ticket, reason: Phrase, plan: Plan) -> None:
    """The shortest of the rules wins; any one of them can make the clock count every hour."""
    if rule.respond_within is None:
        return
    plan.respond_within = min(rule.respond_within, plan.respond_within or rule.respond_within)
    plan.around_the_clock = plan.around_the_clock or rule.around_the_clock
