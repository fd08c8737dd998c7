"""Escalating a ticket by its rules: each reason at most once per ticket."""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from realdesk.accounts.models import Team
from realdesk.core.phrases import Phrase
from realdesk.sla.actions.retell import eta_retell
from realdesk.sla.actions.shorten import sla_targets_shorten
from realdesk.sla.escalation import Plan, check, respond
from realdesk.sla.models import Escalation, EscalationRule
from realdesk.sla.reasons import reasons
from realdesk.tickets.actions import ticket_escalate
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket


def escalation_evaluate(*, ticket: Ticket, now: datetime | None = None) -> list[str]:
    """Fire every rule whose condition now holds and has not fired on this ticket;
    returns the reasons that fired. Safe to run twice or concurrently: the unique
    Escalation row is taken first, in the same transaction as the changes."""
    now = now or timezone.now()
    if ticket.status == Status.CLOSED or ticket.merged_into_id:
        return []
    rules: dict[str, list[EscalationRule]] = defaultdict(list)
    for rule in EscalationRule.objects.filter(active=True).select_related("watcher"):
        rules[rule.condition].append(rule)
    done = set(Escalation.objects.filter(ticket=ticket).values_list("reason", flat=True))
    fired = []
    for code in sorted(rules.keys() - done):
        reason = check(code, ticket, now)
        if reason and _escalate(ticket, code, reason, rules[code], now):
            fired.append(code)
    return fired


def _escalate(
    ticket: Ticket, code: str, reason: Phrase, rules: list[EscalationRule], now: datetime
) -> bool:
    detail = reasons.english(reason)
    with transaction.atomic():
        _, created = Escalation.objects.get_or_create(
            ticket=ticket,
            reason=code,
            defaults={"detail": detail[:255], "facts": reason.as_data(), "created_at": now},
        )
        if not created:
            return False
        plan = Plan()
        for rule in rules:
            respond(rule, ticket, reason, plan)
        ticket_escalate(
            ticket=ticket,
            code=code,
            reason=detail,
            priority=plan.priority,
            team=Team.objects.get(pk=plan.team_id) if plan.team_id else None,
            data={
                "facts": reason.as_data(),
                "rules": [rule.name for rule in rules],
                "notified": plan.notified,
            }
            | ({"watchers": plan.watchers} if plan.watchers else {}),
            at=now,
        )
        shortened = plan.respond_within is not None and sla_targets_shorten(
            ticket=ticket,
            within=plan.respond_within,
            around_the_clock=plan.around_the_clock,
            at=now,
        )
        # What the customer was told follows the clock: a shorter target, and a raised
        # priority or another team (another policy, another queue) may each move it.
        if shortened or plan.priority or plan.team_id:
            eta_retell(ticket=ticket, now=now)
    return True
