"""A sensible starting configuration, so a fresh install keeps time from its first ticket."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from realdesk.accounts.choices import CustomerTier, Role
from realdesk.sla.actions.clocks import CLOCK_EVENTS, sla_apply_event
from realdesk.sla.choices import Condition, Response
from realdesk.sla.models import BusinessCalendar, EscalationRule, GoodwillLimit, SLAPolicy
from realdesk.tickets.choices import OPEN_STATUSES, Priority
from realdesk.tickets.models import Event, Ticket

H = timedelta(hours=1)
URGENT = {"priorities": [Priority.URGENT]}
VIP = {"tiers": [CustomerTier.VIP]}
POLICIES = [
    # name, position, conditions, 24/7?, first response, next response, resolution
    ("Urgent, around the clock", 10, URGENT, True, 1 * H, 2 * H, 8 * H),
    ("VIP customers, around the clock", 20, VIP, True, 2 * H, 4 * H, 24 * H),
    ("Standard, office hours", 100, {}, False, 8 * H, 8 * H, 40 * H),
]
NOTIFY, RAISE, HIGH = Response.NOTIFY_LEAD, Response.RAISE_PRIORITY, Priority.HIGH
RULES = [
    ("Lead hears of an SLA at risk", Condition.SLA_AT_RISK, NOTIFY, ""),
    ("Lead hears of a frustrated customer", Condition.FRUSTRATION, NOTIFY, ""),
    ("Frustrated customers go first", Condition.FRUSTRATION, RAISE, HIGH),
    ("Repeat contact goes first", Condition.REPEAT_CONTACT, RAISE, HIGH),
    ("Lead hears of a missed promise", Condition.PROMISE_MISSED, NOTIFY, ""),
    ("Missed promise goes first", Condition.PROMISE_MISSED, RAISE, HIGH),
]
#: name, condition, answer within, around the clock: a shorter clock that the
#: customer-facing ETA follows (a VIP's policy already counts every hour).
SHORTER = [("Leaving customers are answered within the hour", Condition.LEAVING, 1 * H, False)]
GOODWILL = [(Role.AGENT, Decimal("50")), (Role.LEAD, Decimal("500")), (Role.ADMIN, Decimal("500"))]


def office_calendar() -> BusinessCalendar:
    """The office's calendar (Mon-Fri 09:00-17:00 in REALDESK_TIME_ZONE unless an admin
    changed it): the SLA clocks count it and the support center shows it as its hours."""
    calendar, _ = BusinessCalendar.objects.get_or_create(
        name="Office hours", defaults={"timezone": settings.TIME_ZONE}
    )
    return calendar


def sla_defaults_install(*, replay_history: bool = False) -> bool:
    """Idempotent: does nothing once any policy exists (an admin's choices win).

    `replay_history` runs the open tickets' past events through the clocks, for data
    that existed before any policy did (the demo), so their deadlines are true.
    """
    with transaction.atomic():
        if SLAPolicy.objects.exists():
            return False
        office = office_calendar()
        always, _ = BusinessCalendar.objects.get_or_create(
            name="24/7", defaults={"timezone": settings.TIME_ZONE, "always_open": True}
        )
        for name, position, conditions, around_the_clock, first, following, resolve in POLICIES:
            SLAPolicy.objects.create(
                name=name,
                position=position,
                calendar=always if around_the_clock else office,
                first_response=first,
                next_response=following,
                resolution=resolve,
                **conditions,
            )
        for name, condition, response, priority in RULES:
            EscalationRule.objects.get_or_create(
                name=name,
                defaults={"condition": condition, "response": response, "priority": priority},
            )
        for name, condition, within, around_the_clock in SHORTER:
            EscalationRule.objects.get_or_create(
                name=name,
                defaults={
                    "condition": condition,
                    "response": Response.SHORTEN_TARGET,
                    "respond_within": within,
                    "around_the_clock": around_the_clock,
                },
            )
        for role, amount in GOODWILL:
            for currency in ("EUR", "USD"):
                GoodwillLimit.objects.get_or_create(
                    role=role, currency=currency, defaults={"max_amount": amount}
                )
        if replay_history:
            _replay(Ticket.objects.filter(status__in=OPEN_STATUSES))
    return True


def _replay(tickets) -> None:
    events = Event.objects.filter(ticket__in=tickets, kind__in=CLOCK_EVENTS)
    for event in events.select_related("ticket__customer").order_by("ticket", "created_at", "pk"):
        sla_apply_event(event=event)
