"""Benchmark of the SLA evaluator and of recomputing deadlines after a calendar change.

Run from the repository root against an empty PostgreSQL database (it migrates it and
fills it with synthetic rows, so never point it at real data):

    DATABASE_URL=postgres://... .venv/bin/python bench/sla_evaluate.py [N] [RESCHEDULE]

N open tickets (default 1,000,000) get a first-response and a resolution clock each,
plus a history of finished and already-breached clocks; deadlines are spread so that
about 1% of tickets are newly at risk and 0.5% newly breached. It prints:

- the database time of one evaluation pass's searches (every at-risk and breached
  clock found, by EXPLAIN ANALYZE, and the wall time of fetching their ids);
- the time to recompute the deadlines of RESCHEDULE tickets (default 100,000) whose
  policy's calendar changed (sla_reschedule(calendar_id=...)).
"""

import os
import platform
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from realdesk.accounts.models import Customer  # noqa: E402
from realdesk.sla.actions.evaluate import at_risk_candidates, breach_candidates  # noqa: E402
from realdesk.sla.actions.reschedule import sla_reschedule  # noqa: E402
from realdesk.sla.models import BusinessCalendar, SLAPolicy, SLATarget  # noqa: E402
from realdesk.tickets.models import Ticket  # noqa: E402

FILL_SQL = """
INSERT INTO {ticket} (number, subject, status, priority, customer_id, channel, language,
    close_reason, created_at, updated_at, last_customer_message_at, awaiting_reply_since)
SELECT 1000 + g, 'Synthetic ticket ' || g, 'open',
    CASE WHEN g <= %(moved)s THEN 'high' ELSE 'normal' END, %(customer)s, 'email', '', '',
    %(now)s - interval '3 days', %(now)s, %(now)s - interval '3 days', %(now)s - interval '3 days'
FROM generate_series(1, %(n)s) AS g;

-- live clocks: first response and resolution of every ticket; due instants spread so
-- ~0.5%% are past due, ~1%% past their at-risk instant, the rest in the coming week
INSERT INTO {target} (ticket_id, policy_id, metric, cycle, target, at_risk_share, started_at,
    elapsed, running_since, phase, level, at_risk_at, due_at)
SELECT t.id, CASE WHEN t.number - 1000 <= %(moved)s THEN %(moved_policy)s ELSE %(policy)s END,
    m.metric, 1, interval '8 hours', 0.75, t.created_at, interval '0', t.created_at, 'running',
    'ok', %(now)s + (r.x * interval '7 days') - interval '2 hours',
    %(now)s + (r.x * interval '7 days')
FROM {ticket} t
CROSS JOIN (VALUES ('first_response'), ('resolution')) AS m(metric)
CROSS JOIN LATERAL (SELECT (hashtext(t.id::text || m.metric) & 1048575) / 1048575.0 * 1.005
    - 0.005 AS x) r;

-- history: finished and already-flagged clocks, which the evaluator must not even read
INSERT INTO {target} (ticket_id, policy_id, metric, cycle, target, at_risk_share, started_at,
    elapsed, running_since, phase, level, at_risk_at, due_at, breached_at, achieved_at,
    stopped_at)
SELECT t.id, %(policy)s, 'next_response', c, interval '8 hours', 0.75, t.created_at,
    interval '1 hour', NULL, 'stopped', CASE WHEN c = 2 THEN 'breached' ELSE 'ok' END,
    NULL, NULL, NULL, t.created_at, t.created_at
FROM {ticket} t CROSS JOIN generate_series(1, 2) AS c;
"""


def _explain_ms(queryset) -> float:
    sql, params = queryset.values_list("pk", flat=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    return plan["Planning Time"] + plan["Execution Time"]


def fill(n: int, moved: int) -> tuple[BusinessCalendar, float]:
    """Synthetic rows by SQL (an ORM insert of millions of rows would dominate the run)."""
    call_command("migrate", verbosity=0)
    if Ticket.objects.exists():
        raise SystemExit("the database already has tickets; give the benchmark an empty one")
    now = timezone.now()
    eight = timedelta(hours=8)
    office = BusinessCalendar.objects.create(name="bench office", timezone="Europe/Berlin")
    moved_cal = BusinessCalendar.objects.create(name="bench moved", timezone="America/New_York")
    targets = {"first_response": eight, "resolution": 5 * eight}
    policy = SLAPolicy.objects.create(name="bench", calendar=office, **targets)
    moved_policy = SLAPolicy.objects.create(
        name="bench high", position=1, priorities=["high"], calendar=moved_cal, **targets
    )
    customer = Customer.objects.create(name="Bench", created_at=now)
    params = {
        "n": n,
        "now": now,
        "customer": customer.pk,
        "policy": policy.pk,
        "moved": moved,
        "moved_policy": moved_policy.pk,
    }
    started = time.perf_counter()
    sql = FILL_SQL.format(ticket=Ticket._meta.db_table, target=SLATarget._meta.db_table)
    with connection.cursor() as cursor:
        for statement in filter(str.strip, sql.split(";\n")):
            cursor.execute(statement, params)
        cursor.execute("ANALYZE")
    return moved_cal, time.perf_counter() - started


def evaluate_pass() -> dict[str, float]:
    """The searches of one pass: every breached and at-risk clock, ids fetched."""
    now = timezone.now()
    breached, at_risk = breach_candidates(now), at_risk_candidates(now)
    started = time.perf_counter()
    found_breached = len(list(breached.values_list("pk", flat=True)))
    found_at_risk = len(list(at_risk.values_list("pk", flat=True)))
    wall = time.perf_counter() - started
    return {
        "breached": found_breached,
        "at_risk": found_at_risk,
        "db_ms": _explain_ms(breached) + _explain_ms(at_risk),
        "wall_ms": wall * 1000,
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    moved = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to an empty PostgreSQL database")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, PostgreSQL {connection.pg_version // 10000}")  # fmt: skip
    moved_cal, filled = fill(n, moved)
    rows = SLATarget.objects.count()
    print(f"filled {n:,} open tickets, {rows:,} SLA clocks in {filled:.1f} s")
    for run in range(3):
        found = evaluate_pass()
        print(f"evaluation pass {run + 1}: {found['breached']:,} breached + "
              f"{found['at_risk']:,} at risk found; database {found['db_ms']:.1f} ms, "
              f"wall (fetching ids) {found['wall_ms']:.1f} ms")  # fmt: skip
    moved_cal.weekly_hours = {d: [["07:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    moved_cal.save()
    started = time.perf_counter()
    count = sla_reschedule(calendar_id=moved_cal.pk)
    took = time.perf_counter() - started
    print(f"recomputed {count:,} clocks of {moved:,} tickets after a calendar change in "
          f"{took:.1f} s ({took / max(count, 1) * 1e6:.0f} us per clock)")  # fmt: skip


if __name__ == "__main__":
    main()
