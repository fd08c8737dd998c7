"""REST API under load: ticket creation by concurrent clients, then list reads at a fixed rate.

Run from the repository root against an empty PostgreSQL database (it migrates it and fills
it with synthetic rows, so never point it at real data):

    .venv/bin/python bench/api_bench.py --database-url postgres://... \
        [--create 10000] [--clients 8] [--read-tickets 1000000] [--read-rate 100] \
        [--read-seconds 30] [--processes N] [--redis-url redis://...]

It starts `realdesk serve` (web server and worker, as shipped: one web process per core
unless --processes says otherwise, sharing the port and their rate-limit counters in the
database, or in Redis with --redis-url) on a free port of 127.0.0.1,
makes an agent of one of three teams and a write token for them, then
1. opens --create tickets with POST /api/v1/tickets from --clients threads, each on its own
   keep-alive connection, as fast as the server answers (closed loop);
2. fills the ticket table up to --read-tickets rows with one INSERT ... SELECT, then asks
   for ticket lists (first page, keyset pages, filters) open loop: requests leave at fixed
   times whatever the answers do, and latency counts from the planned send time, so a
   server that falls behind shows it instead of slowing the client down.
The server's rate limit is lifted for the run (REALDESK_API_RATE_LIMIT): it is a policy for
integrations, not part of what is measured.
"""

import argparse
import http.client
import itertools
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from timing import cpu_probe_ms

REALDESK = str(Path(sys.executable).with_name("realdesk"))
HOST = "127.0.0.1"
CUSTOMERS = 3_000  # creation cycles through this many addresses: new and returning customers
SETUP = """
from realdesk.accounts.actions import agent_create
from realdesk.accounts.models import Team
from realdesk.api.actions import token_create
teams = [Team.objects.create(name=f"Bench team {i}") for i in range(3)]
agent = agent_create(email="bench@example.com", full_name="Bench Agent", teams=teams[:1])
print(teams[0].pk, token_create(agent=agent, scope="write", name="bench")[1])
"""
# Synthetic tickets after the API-made ones: every status, priority, channel and team (and
# none), a fifth owned by the bench agent, customers taken from those phase 1 created. Two
# hashes of the row number draw the columns, so no combination of filters is unusually
# rare or common among the newest tickets.
FILL = """
INSERT INTO tickets_ticket (number, subject, status, priority, customer_id, team_id, owner_id,
    channel, language, close_reason, created_at, updated_at, awaiting_reply_since, solved_at,
    owner_since, unowned_seconds)
SELECT %(start)s + g, 'Synthetic ticket ' || g,
    (ARRAY['new','open','open','pending','on_hold','solved','closed','closed','closed',
           'closed'])[1 + s],
    (ARRAY['low','normal','normal','high','urgent'])[1 + h %% 5],
    c.ids[1 + g %% cardinality(c.ids)],
    (t.ids || NULL::bigint)[1 + h / 5 %% (cardinality(t.ids) + 1)],
    CASE WHEN h / 20 %% 5 = 0 THEN %(agent)s END,
    (ARRAY['email','web','chat','phone','social','api'])[1 + h / 100 %% 6], '', '',
    now() - (%(count)s - g) * interval '30 seconds',
    now() - (%(count)s - g) * interval '30 seconds',
    CASE WHEN s IN (0, 1) THEN now() - (%(count)s - g) * interval '30 seconds' END,
    CASE WHEN s >= 5 THEN now() - (%(count)s - g) * interval '20 seconds' END,
    CASE WHEN h / 20 %% 5 = 0 THEN now() - (%(count)s - g) * interval '30 seconds' END, 0
FROM (SELECT g, abs(hashint8(g)) %% 10 AS s, abs(hashint8(-g)) AS h
      FROM generate_series(1, %(count)s) AS g) AS rows,
    (SELECT array_agg(id ORDER BY id) AS ids FROM accounts_customer) AS c,
    (SELECT array_agg(id ORDER BY id) AS ids FROM accounts_team) AS t
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average {load}; "
        f"CPU probe {cpu_probe_ms():.0f} ms (bench/timing.py)"
    )


class Client:
    """One keep-alive connection per thread, authenticated by the bench agent's token."""

    def __init__(self, *, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.local = threading.local()

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        """Status and body; 0 when the connection failed. A kept-alive connection the server
        has closed meanwhile is replaced once, as any HTTP client does."""
        payload = None if body is None else json.dumps(body)
        for _ in range(2):
            reused = getattr(self.local, "connection", None) is not None
            if not reused:
                self.local.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.local.connection.request(method, path, body=payload, headers=self.headers)
                response = self.local.connection.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                self.local.connection.close()
                self.local.connection = None
                if not reused:
                    break
        return 0, b""

    def get_json(self, path: str) -> dict:
        status, data = self.request("GET", path)
        if status != 200:
            sys.exit(f"GET {path} answered {status}: {data[:300]!r}")
        return json.loads(data)


def summary(name: str, latencies: list[float], statuses: Counter, seconds: float) -> None:
    """Throughput and latency percentiles (milliseconds) of one phase."""
    ordered = sorted(latencies)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    errors = sum(count for status, count in statuses.items() if status >= 400 or status == 0)
    print(
        f"{name}: {len(ordered)} requests in {seconds:.1f} s = {len(ordered) / seconds:.1f}/s; "
        f"p50 {cuts[49]:.1f}  p90 {cuts[89]:.1f}  p99 {cuts[98]:.1f}  max {ordered[-1]:.1f} ms; "
        f"errors {errors} (statuses {dict(sorted(statuses.items()))})"
    )


def create_phase(client: Client, *, n: int, clients: int) -> None:
    """Open n tickets as fast as `clients` concurrent integrations can (closed loop)."""
    numbers, lock = itertools.count(), threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()

    def work() -> None:
        while True:
            with lock:
                i = next(numbers)
            if i >= n:
                return
            body = {
                "identity": {
                    "kind": "email",
                    "value": f"customer{i % CUSTOMERS}@example.net",
                    "name": f"Customer {i % CUSTOMERS}",
                },
                "subject": f"Order {i} did not arrive",
                "body_text": "Hello, my order has not arrived and tracking has not moved.",
                "channel": "phone",
                "priority": ["low", "normal", "high"][i % 3],
            }
            started = time.perf_counter()
            status, _ = client.request("POST", "/api/v1/tickets", body)
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summary(f"create ({clients} clients)", latencies, statuses, time.perf_counter() - started)


def fill(database_url: str, *, total: int, agent_email: str) -> None:
    """Top the ticket table up to `total` rows in one statement, then vacuum and analyse."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        have, last = connection.execute(
            "SELECT count(*), max(number) FROM tickets_ticket"
        ).fetchone()
        (agent,) = connection.execute(
            "SELECT id FROM accounts_user WHERE email = %s", [agent_email]
        ).fetchone()
        count = total - have
        if count > 0:
            started = time.perf_counter()
            with connection.transaction():
                connection.execute(FILL, {"start": last, "count": count, "agent": agent})
                # Numbers come from a sequence on PostgreSQL (decision 0005): move it past
                # the filled ones, as tickets.actions.common.ticket_numbers_follow does.
                connection.execute("SELECT setval('tickets_ticket_number_seq', %s)", [last + count])
            # VACUUM too: otherwise autovacuum wakes up for the million new rows in the
            # middle of the read phase and takes a core from the server being measured.
            connection.execute("VACUUM ANALYZE")
            print(f"filled {count:,} tickets by SQL in {time.perf_counter() - started:.0f} s")
        print(f"tickets in the database: {have + max(count, 0):,}")


def read_paths(client: Client, *, team: int) -> dict[str, str]:
    """The list requests an integration makes (first pages, filters, keyset pages deeper in),
    by a label to print them under."""
    filters = [
        "",
        "?status=open",
        "?status=new&priority=high&limit=20",
        f"?team={team}&status=pending",
        "?channel=email&limit=100",
        "?order=number",
    ]
    paths = {f"/tickets{query}": f"/api/v1/tickets{query}" for query in filters}
    page = client.get_json("/api/v1/tickets")
    for number in range(2, 22):  # follow next_cursor; keep pages 2, 5 and 21 (those there are)
        if page["next_cursor"] is None:
            break
        path = f"/api/v1/tickets?cursor={page['next_cursor']}"
        if number in (2, 5, 21):
            paths[f"/tickets page {number} by cursor"] = path
        page = client.get_json(path)
    return paths


def read_phase(client: Client, *, paths: dict[str, str], rate: float, seconds: float) -> None:
    """Send the paths in turn at `rate` per second, each at its planned time (open loop)."""
    latencies: list[float] = []
    by_label: dict[str, list[float]] = defaultdict(list)
    statuses: Counter = Counter()
    lock = threading.Lock()

    def one(label: str, planned: float) -> None:
        status, _ = client.request("GET", paths[label])
        with lock:
            latencies.append((time.perf_counter() - planned) * 1000)
            by_label[label].append(latencies[-1])
            statuses[status] += 1

    total = int(rate * seconds)
    with ThreadPoolExecutor(max_workers=32) as pool:
        for label in paths:  # warm the caches and query plans
            one(label, time.perf_counter())
        latencies.clear()
        by_label.clear()
        statuses.clear()
        started = time.perf_counter()
        for i, label in zip(range(total), itertools.cycle(paths)):
            planned = started + i / rate
            time.sleep(max(0.0, planned - time.perf_counter()))
            pool.submit(one, label, planned)
    summary(f"list at {rate:g}/s (open loop)", latencies, statuses, time.perf_counter() - started)
    for label, values in by_label.items():
        print(f"  {label:<42} median {statistics.median(values):8.1f}  max {max(values):8.1f} ms")


def run(args: argparse.Namespace, server_env: dict[str, str], port: int, call: Callable) -> None:
    team, token = call([REALDESK, "manage", "shell", "-c", SETUP]).split()[-2:]
    processes = ["--processes", str(args.processes)] if args.processes else []
    server = subprocess.Popen(
        [REALDESK, "serve", "--port", str(port), *processes],
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(server_env["REALDESK_VAR_DIR"]) / "serve.log", "w"),  # noqa: SIM115
    )
    try:
        client = Client(port=port, token=token)
        deadline = time.monotonic() + 60
        while client.request("GET", "/healthz")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("realdesk serve did not come up; see serve.log in the var directory")
            time.sleep(0.2)
        create_phase(client, n=args.create, clients=args.clients)
        fill(args.database_url, total=args.read_tickets, agent_email="bench@example.com")
        paths = read_paths(client, team=int(team))
        read_phase(client, paths=paths, rate=args.read_rate, seconds=args.read_seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--create", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--read-tickets", type=int, default=1_000_000)
    parser.add_argument("--read-rate", type=float, default=100)
    parser.add_argument("--read-seconds", type=float, default=30)
    parser.add_argument("--processes", type=int, help="web processes (default: serve's own)")
    parser.add_argument("--redis-url", help="REALDESK_REDIS_URL for the server")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a PostgreSQL URL")
    if min(args.create, args.clients, args.read_rate, args.read_seconds, args.processes or 1) <= 0:
        parser.error("--create, --clients, --read-rate and --read-seconds must be positive")
    print(f"machine: {machine()}; web processes: {args.processes or 'one per core'}")
    with tempfile.TemporaryDirectory(prefix="realdesk-apibench-") as var_dir:
        env = {
            **os.environ,
            "DATABASE_URL": args.database_url,
            "REALDESK_VAR_DIR": var_dir,
            "REALDESK_API_RATE_LIMIT": str(10**9),
            "REALDESK_LOG_LEVEL": "WARNING",
            **({"REALDESK_REDIS_URL": args.redis_url} if args.redis_url else {}),
        }

        def call(command: list[str]) -> str:
            return subprocess.run(
                command, env=env, capture_output=True, text=True, check=True
            ).stdout

        call([REALDESK, "manage", "migrate", "--verbosity", "0"])
        with psycopg.connect(args.database_url) as connection:
            if connection.execute("SELECT EXISTS (SELECT FROM tickets_ticket)").fetchone()[0]:
                sys.exit("The database already has tickets: point --database-url at an empty one.")
        run(args, env, free_port(), call)
        print(f"load average after: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
