"""Which policy governs a ticket, and the calendar arithmetic each policy uses."""

from dataclasses import dataclass

from realdesk.core.config_cache import remembered_in_process
from realdesk.sla import calendars
from realdesk.sla.engine import Conditions, TicketFacts
from realdesk.sla.models import BusinessCalendar, SLAPolicy
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event, Ticket

_CACHE_LIMIT = 64
_built: dict[tuple[int, object], calendars.BusinessCalendar] = {}
ALWAYS_OPEN = calendars.BusinessCalendar.always_open("UTC")


@dataclass(frozen=True)
class LoadedPolicy:
    policy: SLAPolicy
    conditions: Conditions
    calendar: calendars.BusinessCalendar


def calendar_of(stored: BusinessCalendar | None) -> calendars.BusinessCalendar:
    """Built once per saved version: holidays and per-day caches are then shared by
    every ticket of the process, which is what makes recomputing thousands cheap."""
    if stored is None:
        return ALWAYS_OPEN
    key = (stored.pk, stored.updated_at)
    built = _built.get(key)
    if built is None:
        if len(_built) >= _CACHE_LIMIT:
            _built.clear()
        built = _built[key] = stored.build()
    return built


@remembered_in_process(SLAPolicy, BusinessCalendar)
def active_policies() -> list[LoadedPolicy]:
    policies = SLAPolicy.objects.filter(active=True).select_related("calendar")
    return [
        LoadedPolicy(
            policy=policy,
            conditions=Conditions(
                priorities=frozenset(policy.priorities),
                tiers=frozenset(policy.tiers),
                channels=frozenset(policy.channels),
                organization_ids=frozenset(o.pk for o in policy.organizations.all()),
                team_ids=frozenset(t.pk for t in policy.teams.all()),
            ),
            calendar=calendar_of(policy.calendar),
        )
        for policy in policies.prefetch_related("organizations", "teams")
    ]


def policy_for(facts: TicketFacts, policies: list[LoadedPolicy]) -> LoadedPolicy | None:
    return next((p for p in policies if p.conditions.match(facts)), None)


def ticket_facts(ticket: Ticket, event: Event | None = None) -> TicketFacts:
    """The ticket as it is after `event`: priority and team events are written before
    the action sets the new value on the ticket, so their `after` wins."""
    priority, team_id = ticket.priority, ticket.team_id
    if event is not None and event.kind == EventKind.PRIORITY_CHANGED:
        priority = event.after
    if event is not None and event.kind == EventKind.TEAM_CHANGED:
        team_id = event.after["id"] if event.after else None
    customer = ticket.customer
    return TicketFacts(
        priority=priority,
        tier=customer.tier,
        channel=ticket.channel,
        organization_id=customer.organization_id,
        team_id=team_id,
    )
