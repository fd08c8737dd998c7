"""`realdesk serve`: migrate if needed, then the web server (one process per core) and a
worker beside it."""

import os
import signal
import socket

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from uvicorn.supervisors import Multiprocess

from realdesk.core.receivers import Receiver, receivers
from realdesk.core.serve_defaults import SERVE_HOST, SERVE_PORT
from realdesk.core.worker import WorkerThread


def default_processes() -> int:
    """One web process per core this process may run on: every view is synchronous Python,
    so one process uses one core. Rate-limit counters are in the database (or Redis), so
    the processes need nothing else to share them."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def listening_socket(host: str, port: int) -> socket.socket:
    """The port the web processes share, opened as TCP explicitly.

    uvicorn's own bind_socket() leaves the protocol at 0, and asyncio only turns off
    Nagle's algorithm (TCP_NODELAY) on connections accepted from a socket that says TCP,
    so every keep-alive response of a multi-process server waited ~40 ms for the client's
    delayed ACK (uvicorn issue 3149).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise CommandError(f"Cannot listen on {host}:{port}: {error.strerror}.") from None
    sock.set_inheritable(True)
    return sock


def web_config(app, host: str, port: int, processes: int) -> uvicorn.Config:
    """uvicorn believes X-Forwarded-For and -Proto only from REALDESK_TRUSTED_PROXIES.

    Its own default trusts 127.0.0.1, so any local client, or a proxy on this machine
    passing on what clients sent, could name itself any address and rotate through the
    per-client sign-in limits. The address it settles on is REMOTE_ADDR for Django.

    Its shutdown waits for every connection's task with no limit by default: a chat
    socket's channels-redis read that swallowed its cancellation once kept a web process,
    and so `serve`, running 90 s after SIGTERM (tests/bench). Past
    REALDESK_SHUTDOWN_SECONDS what is left is cancelled.

    An idle keep-alive connection stays open REALDESK_KEEP_ALIVE_SECONDS, longer than the
    console's beats: with uvicorn's 5 s a beat every 5 s met connections being closed.
    """
    trusted = settings.REALDESK_TRUSTED_PROXIES
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="off",
        log_level=settings.LOG_LEVEL.lower(),
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
        workers=processes,
        timeout_graceful_shutdown=settings.REALDESK_SHUTDOWN_SECONDS,
        timeout_keep_alive=settings.REALDESK_KEEP_ALIVE_SECONDS,
    )


def first_steps(running: list[Receiver]) -> str:
    """What a newcomer needs once the server is up: where agents and customers go, how to
    send the desk an email, and where the mail it sends ends up without a relay."""
    lines = [
        "RealDesk is running (Ctrl-C stops).",
        f"  Agents sign in at    {settings.BASE_URL}/agent/",
        f"  Customers go to      {settings.BASE_URL}/support/",
        "  Send it an email     realdesk ingest MESSAGE.eml"
        + "".join(f", or to the listener: {receiver.describe()}" for receiver in running),
    ]
    if settings.EMAIL_BACKEND == "realdesk.core.mailfiles.EmailBackend":
        lines.append(f"  Mail it sends        {settings.EMAIL_FILE_PATH}/ (no relay set)")
    return "\n".join(lines)


def pending_migrations() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _exit_normally(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Serve RealDesk (ASGI via uvicorn) with an in-process background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=SERVE_HOST)
        parser.add_argument("--port", type=int, default=SERVE_PORT)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Serve web requests only (when workers run elsewhere: `realdesk worker`).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=default_processes(),
            help="Web processes sharing the port (default: one per core).",
        )

    def handle(self, *, host: str, port: int, no_worker: bool, processes: int, **options):
        if processes < 1:
            raise CommandError("--processes must be 1 or more.")
        if pending_migrations():
            self.stdout.write("Applying database migrations…")
            call_command("migrate", interactive=False, verbosity=0)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        worker, running = None, []
        if not no_worker:  # web-only processes leave tasks and mail to other processes
            worker = WorkerThread()
            worker.start()
            running = [build() for _name, build in receivers.items()]
            for receiver in running:
                receiver.start()
        self.stdout.write(first_steps(running))
        config = web_config("realdesk.config.asgi:application", host, port, processes)
        # uvicorn shuts down gracefully, then re-raises the signal it caught: turn that into
        # a normal exit so the worker below is always stopped (SIGTERM would kill us outright).
        signal.signal(signal.SIGTERM, _exit_normally)
        try:
            if processes > 1:  # a supervisor spawns them; this process keeps the worker
                Multiprocess(config, sockets=[listening_socket(host, port)]).run()
            else:
                uvicorn.Server(config).run()
        except KeyboardInterrupt:
            pass
        finally:
            for receiver in running:
                receiver.stop()
            if worker:
                self.stdout.write("Stopping the background worker…")
                worker.stop()
