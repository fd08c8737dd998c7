"""The SLA engine's inbox views: tickets whose clock is at risk or breached, promises due."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realdesk.sla.choices import Level, Phase, PromiseStatus
from realdesk.sla.models import Promise, SLATarget
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.inbox import InboxView, earliest_of, open_tickets, register_view, tickets_of

PROMISES_AHEAD = timedelta(hours=24)


def _at_risk(actor) -> Q:
    slipping = SLATarget.objects.filter(
        ticket=OuterRef("pk"), phase=Phase.RUNNING, level__in=[Level.AT_RISK, Level.BREACHED]
    )
    return Q(status__in=OPEN_STATUSES) & Q(Exists(slipping))


def _promises_due(actor) -> Q:
    due = Promise.objects.filter(
        ticket=OuterRef("pk"),
        status=PromiseStatus.OPEN,
        due_at__lte=timezone.now() + PROMISES_AHEAD,
    )
    return Q(Exists(due))


def _promises_scope(actor) -> Q:
    """A promise may outlive its ticket's solve, so they are not all open tickets."""
    return tickets_of(
        Promise.objects.filter(
            status=PromiseStatus.OPEN, due_at__lte=timezone.now() + PROMISES_AHEAD
        )
    )


def _next_promise_due() -> dict[str, Subquery]:
    return {"promise_due": earliest_of(Promise.objects.filter(status=PromiseStatus.OPEN), "due_at")}


def register_sla_views() -> None:
    register_view(
        InboxView(
            slug="at-risk",
            label=_("At risk and breached"),
            description=_("Open tickets whose service level is slipping or already missed."),
            position=50,
            condition=_at_risk,
            order_field="awaiting_reply_since",
            scope=open_tickets,
        )
    )
    register_view(
        InboxView(
            slug="promises",
            label=_("Promises due"),
            description=_(
                "Tickets with a promised update due within a day, or overdue; the first due first."
            ),
            position=60,
            condition=_promises_due,
            order_field="promise_due",
            annotations=_next_promise_due,
            column=(_("Promise due"), "promise_due"),
            scope=_promises_scope,
        )
    )
