"""Recomputing every live clock's deadlines after a calendar or policy change."""

from django.db import connection, transaction

from realdesk.sla.actions.clocks import calendar_for, clock_of, follow_policy, store_clock
from realdesk.sla.choices import Phase
from realdesk.sla.models import SLAPolicy, SLATarget
from realdesk.sla.policies import active_policies, calendar_of, policy_for, ticket_facts

CHUNK = 2000
FIELDS = ["policy", "target", "at_risk_share", "phase", "at_risk_at", "due_at"]
TARGET_FIELDS = [*FIELDS, "metric", "elapsed", "running_since", "ticket", "cap", "around_the_clock"]
FACT_FIELDS = [
    "ticket__priority",
    "ticket__channel",
    "ticket__team",
    "ticket__customer__tier",
    "ticket__customer__organization",
]
WRITE_BATCH = 500
PG_UPDATE = """
UPDATE {table} AS t SET policy_id = v.policy_id, target = v.target, at_risk_share = v.share,
    phase = v.phase, at_risk_at = v.at_risk_at, due_at = v.due_at
FROM (VALUES {rows}) AS v(id, policy_id, target, share, phase, at_risk_at, due_at)
WHERE t.id = v.id
"""
PG_ROW = "(%s::bigint, %s::bigint, %s::interval, %s::float8, %s, %s::timestamptz, %s::timestamptz)"


def sla_reschedule(*, calendar_id: int | None = None, chunk: int = CHUNK) -> int:
    """Recompute the deadlines of live clocks; returns how many.

    With `calendar_id` (a calendar's hours changed) only the clocks of the policies
    using that calendar are touched, each keeping its policy; without (a policy
    changed), every live clock re-chooses its policy from the ticket's facts.
    Business time already spent stays spent (it was measured with the hours in force
    then); only what is left is laid out anew. Rows are locked chunk by chunk, so a
    ticket event arriving meanwhile waits instead of being overwritten.
    """
    policies = active_policies()
    calendars = {
        p.pk: calendar_of(p.calendar) for p in SLAPolicy.objects.select_related("calendar")
    }
    live = SLATarget.objects.exclude(phase=Phase.STOPPED).order_by("pk")
    if calendar_id is not None:
        live = live.filter(policy__calendar=calendar_id)
    else:
        live = live.select_related("ticket__customer").only(*TARGET_FIELDS, *FACT_FIELDS)
    last, total = 0, 0
    while True:
        with transaction.atomic():
            rows = list(live.filter(pk__gt=last).select_for_update(of=("self",))[:chunk])
            if not rows:
                return total
            for row in rows:
                calendar = calendars.get(row.policy_id) or calendar_of(None)
                if calendar_id is None:
                    loaded = policy_for(ticket_facts(row.ticket), policies)
                    if loaded is not None and follow_policy(row, loaded):
                        calendar = loaded.calendar
                store_clock(row, clock_of(row), calendar_for(row, calendar))
            _write(rows)
        last, total = rows[-1].pk, total + len(rows)


def _write(rows: list[SLATarget]) -> None:
    """On PostgreSQL one UPDATE ... FROM (VALUES ...) per batch: Django's bulk_update
    builds a CASE per field and row, which costs milliseconds per row at this scale."""
    if connection.vendor != "postgresql":
        SLATarget.objects.bulk_update(rows, FIELDS, batch_size=WRITE_BATCH)
        return
    with connection.cursor() as cursor:
        for i in range(0, len(rows), WRITE_BATCH):
            batch = rows[i : i + WRITE_BATCH]
            sql = PG_UPDATE.format(
                table=SLATarget._meta.db_table, rows=", ".join([PG_ROW] * len(batch))
            )
            params = [
                value
                for r in batch
                for value in (
                    r.pk,
                    r.policy_id,
                    r.target,
                    r.at_risk_share,
                    r.phase,
                    r.at_risk_at,
                    r.due_at,
                )
            ]
            cursor.execute(sql, params)
