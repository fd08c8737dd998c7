"""Reads of SLA state for the ticket page and the lists (figures for reports: reports/)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext, ngettext

from realdesk.accounts.models import User
from realdesk.core.config_cache import remembered_in_process
from realdesk.sla.choices import Level, Metric, Phase, PromiseStatus
from realdesk.sla.models import Escalation, EscalationRule, EtaPrediction, Promise, SLATarget
from realdesk.sla.reasons import reason_words
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import visible_tickets_q

LEVEL_ORDER = {Level.OK: 0, Level.AT_RISK: 1, Level.BREACHED: 2}


@dataclass(frozen=True)
class TicketSLA:
    """Everything time-related an agent needs on one ticket."""

    live: list[SLATarget]
    finished: list[SLATarget]
    promises: list[Promise]
    escalations: list[Escalation]
    told: EtaPrediction | None = None
    #: What the customer had been told before `told`, when it was told again (the queue
    #: slipped, or an escalation shortened the target): the card says the time moved.
    told_before: EtaPrediction | None = None

    @property
    def told_differs(self) -> str:
        """Why what the customer was told is not the SLA's first-response target, or ""."""
        told = self.told
        if told is None:
            return ""
        due = next(
            (r.due_at for r in self.live + self.finished if r.metric == Metric.FIRST_RESPONSE),
            None,
        )
        if told.sla_due and told.eta > told.sla_due:
            return ngettext(
                "Later than the SLA target: %(count)s ticket was ahead in the queue.",
                "Later than the SLA target: %(count)s tickets were ahead in the queue.",
                told.tickets_ahead,
            ) % {"count": told.tickets_ahead}
        if due and told.sla_due and due < told.sla_due:
            return gettext("The SLA target moved earlier after the customer was told.")
        if due and told.sla_due and due > told.sla_due:
            return gettext("The SLA target moved later after the customer was told.")
        return ""

    @property
    def escalation_reasons(self) -> list[tuple[Escalation, str]]:
        """Each escalation with its reason in the reader's language (the one active)."""
        return [
            (row, reason_words(row.facts, recorded=row.detail or row.get_reason_display()))
            for row in self.escalations
        ]

    @property
    def next_due(self) -> datetime | None:
        """When the customer must next hear from us, by the clocks still running."""
        dues = [row.due_at for row in self.live if row.phase == Phase.RUNNING and row.due_at]
        return min(dues, default=None)

    @property
    def level(self) -> str:
        """The worst level of the clocks still running: what the ticket shows."""
        levels = [row.level for row in self.live] or [Level.OK]
        return max(levels, key=LEVEL_ORDER.__getitem__)


def sla_for_ticket(ticket: Ticket) -> TicketSLA:
    """For a ticket the caller already fetched through a scoped selector."""
    targets = list(SLATarget.objects.filter(ticket=ticket).order_by("started_at", "pk"))
    told = list(EtaPrediction.objects.filter(ticket=ticket).exclude(phrase="")[:2])
    return TicketSLA(
        live=[t for t in targets if t.phase != Phase.STOPPED],
        finished=[t for t in targets if t.phase == Phase.STOPPED],
        promises=list(Promise.objects.filter(ticket=ticket).select_related("agent")),
        escalations=list(Escalation.objects.filter(ticket=ticket)),
        told=told[0] if told else None,
        told_before=told[1] if len(told) > 1 else None,
    )


@dataclass(frozen=True)
class Summary:
    level: str
    due_at: datetime | None


def sla_summaries(*, ticket_ids: list[int]) -> dict[int, Summary]:
    """Worst level and next deadline per ticket, in one query, for a page of a list."""
    worst: dict[int, Summary] = {}
    rows = (
        SLATarget.objects.filter(ticket__in=ticket_ids)
        .exclude(phase=Phase.STOPPED)
        .values_list("ticket_id", "level", "due_at")
    )
    for ticket_id, level, due_at in rows:
        seen = worst.get(ticket_id)
        if seen is None:
            worst[ticket_id] = Summary(level, due_at)
            continue
        due = min((d for d in (seen.due_at, due_at) if d), default=None)
        top = max(seen.level, level, key=LEVEL_ORDER.__getitem__)
        worst[ticket_id] = Summary(top, due)
    return worst


def _visible(actor: User) -> Q:
    return Q(ticket__in=Ticket.objects.filter(visible_tickets_q(actor)))


def ticket_open_promises(*, ticket: Ticket, made_before: datetime | None = None) -> list[Promise]:
    """The promises still open on a ticket the caller already fetched through a scoped
    selector, soonest first; with `made_before`, those that existed then (the ones a
    transfer handed over)."""
    promises = Promise.objects.filter(ticket=ticket, status=PromiseStatus.OPEN)
    if made_before is not None:
        promises = promises.filter(made_at__lte=made_before)
    return list(promises.select_related("agent").order_by("due_at", "pk"))


def customer_open_promises(*, actor: User, customer_id: int) -> list[Promise]:
    """Every promise still open to this customer on a ticket the actor may see, soonest
    first (what another team promised on its own tickets is that team's to keep)."""
    return list(
        Promise.objects.filter(
            _visible(actor), ticket__customer=customer_id, status=PromiseStatus.OPEN
        )
        .select_related("ticket", "agent")
        .order_by("due_at")
    )


@remembered_in_process(EscalationRule)
def escalation_rules_active() -> bool:
    """Whether checking a ticket for escalation can find anything to do at all."""
    return EscalationRule.objects.filter(active=True).exists()
