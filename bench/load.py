"""A mixed load on a whole desk: agents, customers, API integrations and mail at once.

    .venv/bin/python bench/load.py [--database-url postgres://…] [--tickets 100000]
        [--minutes 10] [--users 1.0] [--mail-rate 20] [--processes N] [--workers 1]
        [--redis-url redis://…]

On 127.0.0.1 only, bounded in users and time. It builds (or reuses) bench/dataset.py's
desk of --tickets tickets in the database --database-url names (an empty one the first
time; default: a new SQLite file), adds the load's people and a knowledge base
(bench/load_desk.py), then starts `realdesk serve` (--processes web processes, its
in-process worker and SMTP listener) and --workers more `realdesk worker` processes on
private ports, and runs for --minutes, after the users have started:

- 50 agents, signed in (session cookie): a view, the live counts every 30 s, a ticket
  from the view with its suggestions and presence beats, a reply to most of them;
- 200 customers on the support center: its home, one to three searches, and one in four
  asks through the request form (suggestions as they type, the form, its confirmation);
- 5 API integrations (write tokens): list tickets with filters, open tickets, change
  their own tickets' priority;
- mail at --mail-rate messages/s into the SMTP listener, open loop (each sent at its
  planned time on one of up to 16 connections; latency counts from the planned time),
  bench/corpus.py's multipart mail (inbound_mail), two in three replies.

--users scales the three groups of people (0.1: 5 agents, 20 customers, 1 integration).
It prints per endpoint the requests, failures, throughput, p50 and p99 (locust's
statistics), the machine's load and the server's CPU, then checks in the database that
every email the listener accepted became exactly one outcome. Exits non-zero if any
request failed or any email did not. The rate limits meant for one client are lifted
(every simulated customer comes from 127.0.0.1); the API's per-token limit stays.

Locust runs as a library here (its Environment and local runner), not its command line.
"""

from gevent import monkey

monkey.patch_all()  # before anything imports socket, ssl or threading (locust's own advice)

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import smtplib  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402
from email.parser import BytesHeaderParser  # noqa: E402
from email.policy import default  # noqa: E402
from email.utils import parseaddr  # noqa: E402
from http.cookiejar import Cookie  # noqa: E402
from itertools import count  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote, urlencode  # noqa: E402

import gevent  # noqa: E402
import psutil  # noqa: E402
from gevent.pool import Pool  # noqa: E402
from gevent.queue import Queue  # noqa: E402
from locust import between, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpUser  # noqa: E402
from locust.env import Environment  # noqa: E402

BENCH = Path(__file__).resolve().parent
REALDESK = str(Path(sys.executable).with_name("realdesk"))
HOST = "127.0.0.1"
SUPPORT = "support@help.example.com"
AGENTS, CUSTOMERS, INTEGRATORS = 50, 200, 5
MAIL_CONNECTIONS = 16
COUNTS_EVERY = 30  # seconds: the console page polls its views' counts this often
ARTICLES = 500
VIEWS = {"unanswered": 4, "team": 3, "mine": 2, "unowned": 2, "pending": 1}
TICKET_LINK = re.compile(r'href="/agent/tickets/(\d+)/"')
SEEN_EVENT = re.compile(r'name="reply-seen_event" value="(\d+)"')
DONE_LINK = re.compile(r"/support/requests/sent/[^/]+/")


class Plan:
    """What bench/load_desk.py prepared: who signs in how, what customers type."""

    data: dict = {}
    sessions: list[str] = []
    tokens: list[str] = []


def _think(low: float, high: float) -> None:
    gevent.sleep(random.uniform(low, high))


def _form(fields: dict) -> dict:
    return {"data": urlencode(fields), "headers": _FORM}


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Agent(FastHttpUser):
    """An agent working through the views: read, then answer."""

    fixed_count = AGENTS
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.csrf = secrets.token_hex(16)  # Django accepts its unmasked 32-character secret
        for name, value in (("sessionid", Plan.sessions.pop()), ("csrftoken", self.csrf)):
            self.client.cookiejar.set_cookie(_cookie(name, value))
        self.counted_at = 0.0

    @task
    def work(self) -> None:
        view = random.choices(list(VIEWS), weights=list(VIEWS.values()))[0]
        page = self.client.get(f"/agent/views/{view}/", name="/agent/views/[view]/")
        if time.monotonic() - self.counted_at > COUNTS_EVERY:
            self.client.get(f"/agent/counts/?current={view}", name="/agent/counts/")
            self.counted_at = time.monotonic()
        numbers = TICKET_LINK.findall(page.text or "")
        if not numbers:
            return
        number = random.choice(numbers[:10])
        ticket = self.client.get(f"/agent/tickets/{number}/", name="/agent/tickets/[n]/")
        seen = SEEN_EVENT.search(ticket.text or "")
        if seen is None:
            return
        self.client.get(
            f"/agent/tickets/{number}/suggestions/", name="/agent/tickets/[n]/suggestions/"
        )
        for _ in range(2):  # the page beats every 5 s while the agent reads and writes
            self._post(f"/agent/tickets/{number}/presence/", "/agent/tickets/[n]/presence/",
                       {"state": "viewing", "seen_event": seen.group(1)})  # fmt: skip
            _think(3, 6)
        if random.random() < 0.7:
            self.reply(number, seen.group(1))

    def reply(self, number: str, seen: str) -> None:
        """A 409 means someone wrote meanwhile: the agent reads it and confirms, as the
        page asks; the confirmation is the reply that goes out."""
        fields = {
            "reply-body": random.choice(Plan.data["replies"]),
            "reply-status_after": random.choice(["pending", "pending", "open", "solved"]),
            "reply-seen_event": seen,
        }
        name = "/agent/tickets/[n]/do/reply/"
        with self._post(f"/agent/tickets/{number}/do/reply/", name, fields, catch=True) as sent:
            if sent.status_code == 409:
                sent.success()
                stale = True
            else:
                stale = False
                if sent.status_code != 302:
                    sent.failure(f"reply answered {sent.status_code}")
        if stale:
            fields["reply-confirm_stale"] = "on"
            self._post(f"/agent/tickets/{number}/do/reply/", f"{name} (confirmed)", fields)

    def _post(self, url: str, name: str, fields: dict, *, catch: bool = False):
        return self.client.post(
            url,
            name=name,
            allow_redirects=False,
            catch_response=catch,
            **_form({"csrfmiddlewaretoken": self.csrf, **fields}),
        )


class Customer(FastHttpUser):
    """Someone on the support center looking for an answer, asking when none helps."""

    fixed_count = CUSTOMERS
    wait_time = between(10, 30)

    def on_start(self) -> None:
        self.csrf = secrets.token_hex(16)
        self.client.cookiejar.set_cookie(_cookie("csrftoken", self.csrf))

    @task
    def visit(self) -> None:
        self.client.get("/support/", name="/support/")
        for _ in range(random.randint(1, 3)):
            _think(3, 8)
            query = random.choice(Plan.data["queries"])
            self.client.get(f"/support/search/?q={quote(query)}", name="/support/search/?q=[q]")
        if random.random() < 0.25:
            self.ask()

    def ask(self) -> None:
        self.client.get("/support/requests/new/", name="/support/requests/new/")
        words = random.sample(Plan.data["requests"], random.randint(1, 4))
        subject, description = words[0][:120], "\n\n".join(words)
        _think(5, 15)
        self.client.get(
            f"/support/requests/new/suggestions/?{urlencode({'subject': subject})}",
            name="/support/requests/new/suggestions/",
        )
        _think(5, 15)
        email = random.choice(Plan.data["senders"]) if random.random() < 0.5 else ""
        email = email or f"visitor.{secrets.token_hex(4)}@example.org"
        fields = {
            "csrfmiddlewaretoken": self.csrf,
            "name": email.split("@")[0].replace(".", " ").title(),
            "email": email,
            "subject": subject,
            "description": description,
            "language": "en",
        }
        with self.client.post(
            "/support/requests/new/",
            name="/support/requests/new/ (send)",
            allow_redirects=False,
            catch_response=True,
            **_form(fields),
        ) as sent:
            done = DONE_LINK.search((sent.headers or {}).get("Location", "") or "")
            if sent.status_code != 302 or done is None:
                sent.failure(f"request form answered {sent.status_code}")
                return
        self.client.get(done.group(0), name="/support/requests/sent/[signed]/")


class Integrator(FastHttpUser):
    """An integration with a write token: reads lists, opens and updates tickets."""

    fixed_count = INTEGRATORS
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.auth_header = f"Bearer {Plan.tokens.pop()}"
        self.opened: list[int] = []

    @task(3)
    def read(self) -> None:
        query = random.choice(
            ["", "?status=open", "?status=new&priority=high&limit=20", "?channel=email&limit=100",
             f"?team={random.choice(Plan.data['teams'])}&status=pending"]
        )  # fmt: skip
        self.client.get(f"/api/v1/tickets{query}", name="/api/v1/tickets?[filters]")

    @task(1)
    def open(self) -> None:
        words = random.sample(Plan.data["requests"], 2)
        body = {
            "identity": {"kind": "email", "value": random.choice(Plan.data["senders"])},
            "subject": words[0][:120],
            "body_text": " ".join(words),
            "channel": "phone",
            "priority": random.choice(["low", "normal", "high"]),
        }
        answer = self.client.post("/api/v1/tickets", json=body, name="/api/v1/tickets (create)")
        if answer.status_code == 201:
            self.opened.append(answer.json()["number"])

    @task(1)
    def update(self) -> None:
        if self.opened:
            number = random.choice(self.opened[-50:])
            self.client.request(
                "PATCH",
                f"/api/v1/tickets/{number}",
                json={"priority": random.choice(["low", "normal", "high", "urgent"])},
                name="/api/v1/tickets/[n] (update)",
            )


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(0, name, value, None, False, HOST, False, False, "/", True, False, None,
                  False, None, None, {})  # fmt: skip


class MailSender:
    """Sends the prepared emails open loop at `rate` per second through the listener and
    reports each SMTP transaction to locust's statistics (request type SMTP)."""

    def __init__(self, env: Environment, *, port: int, mails: list[Path], rate: float) -> None:
        self.env, self.port, self.mails, self.rate = env, port, mails, rate
        self.connections: Queue = Queue()
        self.accepted: list[str] = []
        self.running = True

    def run(self) -> None:
        pool, started = Pool(MAIL_CONNECTIONS), time.perf_counter()
        for i in count():
            if not self.running or i >= len(self.mails):
                break
            planned = started + i / self.rate
            gevent.sleep(max(0.0, planned - time.perf_counter()))
            pool.spawn(self.send, self.mails[i], planned)  # waits while all are busy
        pool.join()
        while not self.connections.empty():
            self.connections.get().quit()

    def send(self, path: Path, planned: float) -> None:
        data = path.read_bytes().replace(b"\n", b"\r\n")  # on the wire lines end in CRLF
        headers = BytesHeaderParser(policy=default).parsebytes(data)
        message_id, sender = headers["Message-ID"].strip("<>"), parseaddr(headers["From"])[1]
        error = None
        try:
            client = self.connections.get() if not self.connections.empty() else None
            client = client or smtplib.SMTP(HOST, self.port, timeout=120)
            # An address in other scripts needs SMTPUTF8, which the listener offers.
            options = [] if sender.isascii() else ["SMTPUTF8"]
            client.sendmail(sender, [SUPPORT], data, mail_options=options)
            self.connections.put(client)
            self.accepted.append(message_id)
        except (OSError, smtplib.SMTPException) as failed:
            error = failed
        self.env.events.request.fire(
            request_type="SMTP",
            name=f"DATA at {self.rate:g}/s",
            response_time=(time.perf_counter() - planned) * 1000,
            response_length=len(data),
            exception=error,
            context={},
        )


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report(env: Environment, seconds: float) -> int:
    """Per endpoint: requests, failures, throughput, p50 and p99 (ms); the failures."""
    print(f"{'endpoint':<52} {'requests':>8} {'fail':>5} {'per s':>7} {'p50':>6} {'p99':>6}"
          f" {'max':>7}")  # fmt: skip
    entries = sorted(env.stats.entries.values(), key=lambda e: (e.method != "SMTP", e.name))
    for entry in [*entries, env.stats.total]:
        label = f"{entry.method or ''} {entry.name}".strip()
        print(
            f"{label[:52]:<52} {entry.num_requests:>8} {entry.num_failures:>5} "
            f"{entry.num_requests / seconds:>7.1f} {entry.get_response_time_percentile(0.5):>6.0f} "
            f"{entry.get_response_time_percentile(0.99):>6.0f} {entry.max_response_time:>7.0f}"
        )
    failed: Counter = Counter()
    for error in env.stats.errors.values():  # one line per endpoint and kind, not per URL
        failed[(error.method, error.name, re.sub(r"URL \S+: ", "", str(error.error)))] += (
            error.occurrences
        )
    for (method, name, error), times in failed.most_common():
        print(f"  failed {times}x {method} {name}: {error}")
    crashed = 0  # a user's task that raised: the bench's own bug, or an answer it cannot read
    for row in env.runner.exceptions.values():
        crashed += row["count"]
        print(f"  a user's task raised {row['count']}x: {row['msg']}")
    return env.stats.total.num_failures + crashed


class Server:
    """The server side: the database's desk, `realdesk serve` and the extra workers."""

    def __init__(self, args: argparse.Namespace, var_dir: Path) -> None:
        self.args, self.var_dir = args, var_dir
        self.port, self.smtp_port = free_port(), free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": args.database_url or f"sqlite:///{var_dir / 'load.sqlite3'}",
            "REALDESK_VAR_DIR": str(var_dir),
            "REALDESK_BASE_URL": f"http://{HOST}:{self.port}",
            "REALDESK_MAIL_LISTEN": f"{HOST}:{self.smtp_port}",
            "REALDESK_SUPPORT_ADDRESS": SUPPORT,
            "REALDESK_PUBLIC_SEARCH_RATE_LIMIT": "0",
            "REALDESK_LOG_LEVEL": "WARNING",
            **({"REALDESK_REDIS_URL": args.redis_url} if args.redis_url else {}),
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.processes: list[subprocess.Popen] = []

    def desk_command(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(BENCH / "load_desk.py"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.exit(f"load_desk.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> None:
        log = open(self.var_dir / "serve.log", "w")  # noqa: SIM115 - open while they run
        processes = ["--processes", str(self.args.processes)] if self.args.processes else []
        self.processes.append(
            subprocess.Popen(
                [REALDESK, "serve", "--port", str(self.port), *processes],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        )
        for _ in range(self.args.workers):
            self.processes.append(
                subprocess.Popen([REALDESK, "worker"], env=self.env, stdout=log, stderr=log)
            )
        deadline = time.monotonic() + 120
        while not self._healthy():
            if self.processes[0].poll() is not None or time.monotonic() > deadline:
                sys.exit(f"realdesk serve did not come up; see {self.var_dir / 'serve.log'}")
            time.sleep(0.5)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{self.port}/healthz", timeout=5):
                return True
        except OSError:
            return False

    def cpu_seconds(self) -> dict[str, float]:
        """CPU used so far by the server's processes (web, workers, listener), by the
        database's (a PostgreSQL on this machine) and by this load generator."""
        used = {"server": 0.0, "PostgreSQL": 0.0, "load generator": _cpu(psutil.Process())}
        for process in self.processes:
            try:
                parent = psutil.Process(process.pid)
                used["server"] += sum(map(_cpu, [parent, *parent.children(recursive=True)]))
            except psutil.NoSuchProcess:
                continue
        for process in psutil.process_iter(["name"]):
            if process.info["name"] in ("postgres", "postmaster"):
                with contextlib.suppress(psutil.Error):
                    used["PostgreSQL"] += _cpu(process)
        return used

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def run(args: argparse.Namespace, var_dir: Path) -> int:
    desk = Server(args, var_dir)
    scale = {
        "agents": max(1, round(AGENTS * args.users)),
        "customers": max(1, round(CUSTOMERS * args.users)),
        "integrators": max(1, round(INTEGRATORS * args.users)),
    }
    seconds = args.minutes * 60
    mails = int(args.mail_rate * seconds) + 1
    plan_path, mail_dir = var_dir / "plan.json", var_dir / "mail"
    print(desk.desk_command(
        "prepare", str(plan_path), "--tickets", str(args.tickets), "--agents",
        str(scale["agents"]), "--integrators", str(scale["integrators"]), "--articles",
        str(args.articles), "--mails", str(mails), "--mail-dir", str(mail_dir), "--to", SUPPORT,
    ).strip())  # fmt: skip
    Plan.data = json.loads(plan_path.read_text(encoding="utf-8"))
    Plan.sessions, Plan.tokens = list(Plan.data["sessions"]), list(Plan.data["tokens"])
    vendor = "PostgreSQL" if desk.env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"desk: {vendor}, {Plan.data['tickets']:,} tickets, {Plan.data['messages']:,} messages, "
        f"{Plan.data['articles']:,} articles ({'reused' if Plan.data['reused'] else 'built'}); "
        f"serve --processes {args.processes or 'one per core'}, {args.workers} extra worker(s), "
        f"{'Redis' if args.redis_url else 'no Redis'}"
    )
    print(f"people: {scale['agents']} agents, {scale['customers']} customers, "
          f"{scale['integrators']} integrations; mail {args.mail_rate:g}/s; "
          f"measured for {seconds:.0f} s")  # fmt: skip
    desk.start()
    try:
        Agent.fixed_count, Customer.fixed_count = scale["agents"], scale["customers"]
        Integrator.fixed_count = scale["integrators"]
        for user in (Agent, Customer, Integrator):
            user.host = f"http://{HOST}:{desk.port}"
        env = Environment(user_classes=[Agent, Customer, Integrator])
        runner = env.create_local_runner()
        people = sum(scale.values())
        runner.start(people, spawn_rate=max(10, people / 10))  # everyone in within 10 s
        while runner.user_count < people:
            gevent.sleep(0.5)
        env.stats.reset_all()  # measure the steady state, not the arrival
        before, cpu_before, started = load_average(), desk.cpu_seconds(), time.perf_counter()
        loads = []
        sampler = gevent.spawn(_sample_load, loads)
        sender = MailSender(
            env,
            port=desk.smtp_port,
            mails=sorted(mail_dir.glob("*.eml")),
            rate=args.mail_rate,
        )
        sending = gevent.spawn(sender.run)
        gevent.sleep(seconds)
        sender.running = False
        sending.join()
        runner.quit()
        elapsed = time.perf_counter() - started
        cpu = desk.cpu_seconds()
        sampler.kill()
        used = ", ".join(f"{who} {(cpu[who] - cpu_before[who]) / elapsed:.2f}" for who in cpu)
        print(f"load average before {before}, highest 1-min during {max(loads, default=0):.2f}, "
              f"after {load_average()}; CPUs used: {used} of {os.cpu_count()} "
              f"({platform.machine()}, Python {platform.python_version()})")  # fmt: skip
        failures = report(env, elapsed)
        sent_path = var_dir / "sent.txt"
        sent_path.write_text("\n".join(sender.accepted), encoding="utf-8")
        checked = json.loads(desk.desk_command("check", str(sent_path)))
    finally:
        desk.stop()
    if failures:
        _log_tail(var_dir / "serve.log")
    print(f"mail: {checked['sent']} accepted by the listener; outcomes {checked['outcomes']}")
    if checked["problems"]:
        print(f"mail NOT each exactly one outcome: {checked['problems']}")
        return 1
    print("mail: every email accepted became exactly one outcome")
    print(f"errors: {failures}")
    return 1 if failures else 0


def _log_tail(path: Path, lines: int = 60) -> None:
    """What the server logged, when something failed (the directory goes with the run)."""
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    print(f"last {lines} lines of the server's log:", *text[-lines:], sep="\n")


def _sample_load(loads: list[float]) -> None:
    while True:
        loads.append(os.getloadavg()[0])
        gevent.sleep(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="default: DATABASE_URL, else a new SQLite file")  # fmt: skip
    parser.add_argument("--tickets", type=int, default=100_000, help="the dataset's size")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=float, default=1.0, help="scale of the three groups")
    parser.add_argument("--mail-rate", type=float, default=20, help="emails per second")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--processes", type=int, help="web processes (default: serve's own)")
    parser.add_argument("--workers", type=int, default=1, help="`realdesk worker` processes")
    parser.add_argument("--redis-url", help="REALDESK_REDIS_URL for the server")
    args = parser.parse_args()
    if min(args.tickets, args.minutes, args.users, args.mail_rate, args.articles) <= 0:
        parser.error("--tickets, --minutes, --users, --mail-rate and --articles must be positive")
    with tempfile.TemporaryDirectory(prefix="realdesk-load-") as var_dir:
        sys.exit(run(args, Path(var_dir)))


if __name__ == "__main__":
    main()
