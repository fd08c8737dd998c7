"""Live chat under load: customer sockets against `realdesk serve`, agents over the REST API.

Run from the repository root (it builds its own database in a temporary directory, SQLite
unless --database-url names an empty PostgreSQL one):

    .venv/bin/python bench/chat_load.py [--sockets 1000] [--conversations 200] \
        [--messages 10] [--interval 2] [--runs 3] [--processes 1 2] [--redis-url redis://...] \
        [--worker-apart]

For each --processes count it starts `realdesk serve` on a free port of 127.0.0.1 (one web
process: the in-memory channel layer; several: channels-redis, on --redis-url or else on a
private redis-server this script starts and stops), and then, as real clients would:
1. agents set themselves available (`PUT /api/v1/agents/me/availability`) and --sockets
   customers start chats (`POST /chat/api/sessions`);
2. every customer opens their socket (`/ws/chat/{id}/?token=`); the server's resident
   memory before and after, divided by the sockets, is the memory of an idle socket;
3. agents accept the --conversations longest waiting (`POST /api/v1/chats/{id}/accept`,
   at most REALDESK_CHAT_MAX_CONCURRENT each); the others stay in the queue, their sockets
   idle but told where they stand;
4. --runs times: each conversation exchanges --messages messages, the customer's on the
   socket, the agent's through `POST /api/v1/chats/{id}/messages`, one every --interval
   seconds on average (sent at planned times whatever the answers do). Delivery is the
   time from sending to the message arriving on the customer's socket (the customer's own
   comes back as its acknowledgement). A message sent but never pushed is lost, one pushed
   or stored twice is doubled; both must be 0 (the exit status says so).
The figures are the median over the runs. The chat's give-up and alert delays and the
agents' auto-away are lifted for the run: they are policies, not what is measured.

tests/bench/test_chat_load_bench.py runs it small (20 sockets, 5 conversations) in the
test suite: no timing asserted there, only that nothing is lost or doubled.
"""

import argparse
import asyncio
import json
import os
import random
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

from api_bench import REALDESK, free_port, machine  # noqa: E402
from timing import load, percentile  # noqa: E402

from support.redis import RedisServer  # noqa: E402

MAX_CONCURRENT = 3  # REALDESK_CHAT_MAX_CONCURRENT's default: an agent's chats at once
SETUP = """
from realdesk.accounts.actions import agent_create
from realdesk.accounts.models import Team
from realdesk.api.actions import token_create
team = Team.objects.create(name="Chat")
for i in range({agents}):
    agent = agent_create(email=f"chat{{i}}@bench.example", full_name=f"Agent {{i}}", teams=[team])
    print(token_create(agent=agent, scope="write", name="bench")[1])
"""
HTTP_CONNECTIONS = 32
SETTLE_SECONDS = 15.0  # how long a message may take to arrive before it counts as lost
STOP_SECONDS = 90.0  # systemd's default TimeoutStopSec, before it kills


@dataclass
class Customer:
    """One customer's chat and socket, and what arrived on it."""

    id: int
    token: str
    socket: aiohttp.ClientWebSocketResponse | None = None
    arrived: Counter = field(default_factory=Counter)  # message key -> copies pushed
    states: int = 0


@dataclass
class Run:
    """What one run sent and when, and when each message first arrived."""

    sent: dict[str, float] = field(default_factory=dict)
    delivered: dict[str, float] = field(default_factory=dict)
    failed: int = 0


def key_of(message: dict) -> str:
    """The customer's own messages are known by their client id, the agent's by their body."""
    return message["client_id"] or message["body"]


class Desk:
    """The clients of one served desk: customers on sockets, agents over the API."""

    def __init__(self, base: str, tokens: list[str]) -> None:
        self.base, self.tokens = base, tokens
        timeout = aiohttp.ClientTimeout(total=120)
        # A socket keeps its connection for good: sockets get a pool without a limit, the
        # agents' and customers' requests one of HTTP_CONNECTIONS kept-alive connections.
        limited = aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)
        self.http = aiohttp.ClientSession(timeout=timeout, connector=limited)
        self.sockets = aiohttp.ClientSession(
            timeout=timeout, connector=aiohttp.TCPConnector(limit=0)
        )
        self.customers: list[Customer] = []
        self.run: Run | None = None
        self.dropped: Counter = Counter()  # close code -> sockets the server closed first
        self.closing = False

    def agent_headers(self, index: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[index]}"}

    async def call(self, method: str, path: str, body: dict, **headers: str) -> tuple[int, dict]:
        async with self.http.request(method, self.base + path, json=body, headers=headers) as r:
            return r.status, await r.json(content_type=None)

    async def start_chats(self, count: int, parallel: int) -> None:
        for index in range(len(self.tokens)):
            status, answer = await self.call(
                "PUT", "/api/v1/agents/me/availability", {"state": "available"},
                **self.agent_headers(index),
            )  # fmt: skip
            assert status == 200, answer

        async def start(i: int) -> Customer:
            status, answer = await self.call(
                "POST",
                "/chat/api/sessions",
                {"name": f"Customer {i}", "email": f"c{i}@load.example", "question": "Hello?"},
            )
            assert status == 201, answer
            return Customer(id=answer["id"], token=answer["token"])

        self.customers = await gather_limited([start(i) for i in range(count)], parallel)

    async def open_sockets(self, customers: list[Customer], parallel: int) -> None:
        ws_base = self.base.replace("http://", "ws://")

        async def open_one(customer: Customer) -> None:
            url = f"{ws_base}/ws/chat/{customer.id}/?token={customer.token}"
            customer.socket = await self.sockets.ws_connect(url)
            first = json.loads((await customer.socket.receive(timeout=60)).data)
            assert first["type"] == "state", first
            asyncio.get_running_loop().create_task(self.listen(customer))

        await gather_limited([open_one(c) for c in customers], parallel)

    async def listen(self, customer: Customer) -> None:
        async for frame in customer.socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(frame.data)
            if data["type"] == "state":
                customer.states += 1
            elif data["type"] == "message" and self.run is not None:
                key = key_of(data)
                customer.arrived[key] += 1
                self.run.delivered.setdefault(key, time.perf_counter())
        if not self.closing:  # 1011: uvicorn's keepalive ping went unanswered
            self.dropped[customer.socket.close_code] += 1

    async def accept(self, conversations: int, parallel: int) -> None:
        async def accept_one(i: int) -> None:
            customer = self.customers[i]
            status, answer = await self.call(
                "POST", f"/api/v1/chats/{customer.id}/accept", {},
                **self.agent_headers(i // MAX_CONCURRENT),
            )  # fmt: skip
            assert status == 200, answer

        await gather_limited([accept_one(i) for i in range(conversations)], parallel)

    async def converse(self, number: int, conversations: int, messages: int, interval: float):
        """Every conversation sends its messages at planned times, customer and agent in
        turn; then waits for what is still on its way."""
        self.run = run = Run()
        started = time.perf_counter()

        async def talk(i: int) -> None:
            customer, planned = self.customers[i], started + random.uniform(0, interval)
            for n in range(messages):
                await asyncio.sleep(max(0.0, planned - time.perf_counter()))
                planned += random.uniform(0.5, 1.5) * interval
                key = f"r{number}-c{i}-{n}"
                run.sent[key] = time.perf_counter()
                if n % 2 == 0:
                    body = {"type": "message", "client_id": key, "body": "Where is it?"}
                    try:
                        await customer.socket.send_json(body)
                    except aiohttp.ClientError:  # the server closed it: counted, not fatal
                        run.failed += 1
                        del run.sent[key]
                    continue
                try:
                    status, _ = await self.call(
                        "POST", f"/api/v1/chats/{customer.id}/messages", {"body_text": key},
                        **self.agent_headers(i // MAX_CONCURRENT),
                    )  # fmt: skip
                except aiohttp.ClientError:  # a web process went away: counted, not fatal
                    status = 0
                if status != 201:
                    run.failed += 1
                    del run.sent[key]

        await asyncio.gather(*(talk(i) for i in range(conversations)))
        deadline = time.perf_counter() + SETTLE_SECONDS
        while set(run.sent) - set(run.delivered) and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        return run

    async def stored_twice(self, conversations: int, run: str) -> int:
        """Messages of a run the database holds more than once (the long poll's view)."""
        twice = 0
        for customer in self.customers[:conversations]:
            path = f"/chat/api/sessions/{customer.id}/messages?token={customer.token}"
            async with self.http.get(self.base + path) as response:
                messages = (await response.json())["messages"]
            stored = Counter(key_of(m) for m in messages if key_of(m).startswith(run))
            twice += sum(copies - 1 for copies in stored.values())
        return twice

    async def close(self) -> None:
        self.closing = True
        await asyncio.gather(*(c.socket.close() for c in self.customers if c.socket))
        await self.http.close()
        await self.sockets.close()


async def gather_limited(coroutines: list, parallel: int) -> list:
    """All of them, at most `parallel` at once, in order."""
    gate = asyncio.Semaphore(parallel)

    async def one(coroutine):
        async with gate:
            return await coroutine

    return await asyncio.gather(*(one(c) for c in coroutines))


def rss_mib(pid: int) -> float:
    """Resident memory of the web processes: the server itself, or with several processes
    the children its supervisor started (they hold the sockets)."""
    children = [int(task) for task in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total_kib = 0
    for web in children or [pid]:
        status = Path(f"/proc/{web}/status").read_text()
        total_kib += int(
            next(ln for ln in status.splitlines() if ln.startswith("VmRSS")).split()[1]
        )
    return total_kib / 1024


def summary(run: Run) -> tuple[list[float], int]:
    """Delivery times in milliseconds, sorted, and how many were lost."""
    times = sorted(
        (run.delivered[k] - sent) * 1000 for k, sent in run.sent.items() if k in run.delivered
    )
    return times, len(set(run.sent) - set(run.delivered))


def sides(run: Run) -> str:
    """p50/p99 of the customers' messages (socket) and the agents' (REST API) apart: they
    wait for different things in the server."""
    found = []
    for side, parity in (("customers", 0), ("agents", 1)):
        part = Run(
            sent={k: t for k, t in run.sent.items() if int(k.rsplit("-", 1)[1]) % 2 == parity},
            delivered=run.delivered,
        )
        times, _ = summary(part)
        if times:
            found.append(f"{side} {percentile(times, 50):.0f} / {percentile(times, 99):.0f} ms")
    return ", ".join(found)


async def measure(args: argparse.Namespace, base: str, tokens: list[str], pid: int) -> bool:
    """One served desk from the first chat to the last run; False when a message was lost
    or doubled."""
    desk = Desk(base, tokens)
    try:
        started = time.perf_counter()
        await desk.start_chats(args.sockets, args.parallel)
        print(f"  {args.sockets} chats started in {time.perf_counter() - started:.1f} s")
        # The first sockets load the code behind them; the memory of the rest is theirs.
        warm = max(1, args.sockets // 100)
        await desk.open_sockets(desk.customers[:warm], args.parallel)
        await asyncio.sleep(2)  # the server's garbage settles before memory is read
        before, started = rss_mib(pid), time.perf_counter()
        await desk.open_sockets(desk.customers[warm:], args.parallel * 4)
        opened = time.perf_counter() - started
        await asyncio.sleep(2)
        after = rss_mib(pid)
        idle = args.sockets - warm
        print(
            f"  {idle} sockets open in {opened:.1f} s (after {warm} to warm up); web "
            f"processes' RSS {before:.0f} -> {after:.0f} MiB: "
            f"{(after - before) * 1024 / max(idle, 1):.0f} KiB per idle socket"
        )
        started = time.perf_counter()
        await desk.accept(args.conversations, args.parallel)
        accepted = time.perf_counter() - started
        states = sum(c.states for c in desk.customers)
        print(
            f"  {args.conversations} chats accepted in {accepted:.1f} s; queue updates pushed "
            f"so far: {states}"
        )
        p50s, p99s, clean = [], [], True
        for number in range(1, args.runs + 1):
            run = await desk.converse(number, args.conversations, args.messages, args.interval)
            times, lost = summary(run)
            pushed_twice = sum(
                copies - 1 for c in desk.customers for k, copies in c.arrived.items()
                if k.startswith(f"r{number}-")
            )  # fmt: skip
            doubled = pushed_twice + await desk.stored_twice(args.conversations, f"r{number}-")
            clean = clean and not (lost or doubled or run.failed)
            if times:
                p50s.append(percentile(times, 50))
                p99s.append(percentile(times, 99))
            print(
                f"  run {number}: {len(run.sent)} messages delivered p50 "
                f"{percentile(times, 50) if times else 0:.1f} ms, p99 "
                f"{percentile(times, 99) if times else 0:.1f} ms, max "
                f"{times[-1] if times else 0:.1f} ms ({sides(run)}); lost {lost}, "
                f"doubled {doubled}, failed sends {run.failed}; sockets the server closed so "
                f"far {sum(desk.dropped.values())} (close codes {dict(desk.dropped)})"
            )
        if p50s:
            print(
                f"  median of {args.runs} runs: delivery p50 {statistics.median(p50s):.1f} ms, "
                f"p99 {statistics.median(p99s):.1f} ms"
            )
    finally:
        await desk.close()
    return clean


def serve(args, env: dict[str, str], processes: int) -> bool:
    """Set the desk up in a database of its own, serve it, measure, stop."""
    with tempfile.TemporaryDirectory(prefix="realdesk-chatload-") as var_dir:
        env = {
            **env,
            "REALDESK_VAR_DIR": var_dir,
            "DATABASE_URL": args.database_url or f"sqlite:///{var_dir}/chat.sqlite3",
        }
        agents = -(-args.conversations // MAX_CONCURRENT)  # the fewest that take them all

        def call(*command: str) -> str:
            return subprocess.run(
                [REALDESK, *command], env=env, capture_output=True, text=True, check=True
            ).stdout

        call("manage", "migrate", "--verbosity", "0")
        tokens = call("manage", "shell", "-c", SETUP.format(agents=agents)).split()[-agents:]
        port = free_port()
        apart = ["--no-worker"] if args.worker_apart else []
        server = subprocess.Popen(
            [REALDESK, "serve", "--port", str(port), "--processes", str(processes), *apart],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(var_dir) / "serve.log", "w"),  # noqa: SIM115
            start_new_session=True,  # a group of its own, to kill it whole if it hangs
        )
        worker = (
            subprocess.Popen(
                [REALDESK, "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(Path(var_dir) / "worker.log", "w"),  # noqa: SIM115
                start_new_session=True,
            )
            if args.worker_apart
            else None
        )
        log = Path(var_dir) / "serve.log"
        try:
            wait_up(port, server, log)
            return asyncio.run(
                asyncio.wait_for(
                    measure(args, f"http://127.0.0.1:{port}", tokens, server.pid), args.timeout
                )
            )
        finally:
            stopped = [stop(process) for process in filter(None, (server, worker))]  # each one
            if errors := log.read_text()[-3000:]:  # the server's warnings say what went wrong
                print(f"  serve.log ends:\n{errors}", file=sys.stderr)
            if not all(stopped):
                sys.exit(f"realdesk did not stop within {STOP_SECONDS:g} s of SIGTERM")


def stop(process: subprocess.Popen) -> bool:
    """SIGTERM, as a service manager stops it; False (and killed) when it outlived the
    time a service manager gives before SIGKILL."""
    process.send_signal(signal.SIGTERM)
    started = time.perf_counter()
    try:
        process.wait(timeout=STOP_SECONDS)
        took = time.perf_counter() - started
        print(f"  realdesk {process.args[1]} stopped {took:.1f} s after SIGTERM")
        return True
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its web processes too
        process.wait()
        return False


def wait_up(port: int, server: subprocess.Popen, log: Path) -> None:
    import urllib.request

    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"realdesk serve did not come up:\n{log.read_text()[-2000:]}")
            time.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10, help="per conversation and run")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between messages")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--parallel", type=int, default=8, help="setup requests at once")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REALDESK_REDIS_URL"),
        help="Redis for several processes (default: REALDESK_REDIS_URL, else one of its own)",
    )
    parser.add_argument(
        "--worker-apart",
        action="store_true",
        help="serve --no-worker, and the background worker as a `realdesk worker` beside it",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per served desk")
    args = parser.parse_args()
    if not 0 < args.conversations <= args.sockets or min(args.messages, args.runs) < 1:
        parser.error("need 0 < --conversations <= --sockets and positive --messages, --runs")
    print(f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {machine()}")
    database = "PostgreSQL" if args.database_url else "SQLite"
    env = {
        **{k: v for k, v in os.environ.items() if k != "REALDESK_REDIS_URL"},
        "REALDESK_API_RATE_LIMIT": str(10**9),
        "REALDESK_LOG_LEVEL": "WARNING",
        "REALDESK_CHAT_AUTO_AWAY_SECONDS": str(10**6),
        "REALDESK_CHAT_ALERT_SECONDS": str(10**6),
        "REALDESK_CHAT_GIVE_UP_SECONDS": str(10**6),
    }
    clean = True
    for processes in args.processes:
        redis = None
        if processes > 1 and not args.redis_url:
            redis = RedisServer(Path(tempfile.mkdtemp(prefix="realdesk-chatload-redis-")))
            redis.start()
        layer = "channels-redis" if processes > 1 else "in-memory channel layer"
        worker = "a `realdesk worker` beside" if args.worker_apart else "in-process worker"
        print(
            f"{processes} web process(es), {layer}, {worker}, {database}: {args.sockets} sockets, "
            f"{args.conversations} conversations x {args.messages} messages x {args.runs} runs, "
            f"one every {args.interval:g} s"
        )
        url = (args.redis_url or redis.url) if processes > 1 else ""
        try:
            clean &= serve(args, {**env, "REALDESK_REDIS_URL": url} if url else env, processes)
        finally:
            if redis:
                redis.stop()
    print(f"load average after: {load()}")
    sys.exit(0 if clean else "messages were lost, doubled or refused")


if __name__ == "__main__":
    main()
