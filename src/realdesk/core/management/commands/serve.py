"""`realdesk serve`: migrate if needed, then the web server and a worker in one process."""

import signal

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from realdesk.comms.email.mail_runner import MailReceivers
from realdesk.core.worker import WorkerThread


def pending_migrations() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _exit_normally(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Serve RealDesk (ASGI via uvicorn) with an in-process background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Serve web requests only (when workers run elsewhere: `realdesk worker`).",
        )

    def handle(self, *, host: str, port: int, no_worker: bool, **options):
        if pending_migrations():
            self.stdout.write("Applying database migrations…")
            call_command("migrate", interactive=False, verbosity=0)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = mail = None
        if not no_worker:  # web-only processes leave tasks and mail to other processes
            worker = WorkerThread()
            worker.start()
            mail = MailReceivers(
                listen=settings.REALDESK_MAIL_LISTEN, lmtp=settings.REALDESK_MAIL_LMTP
            )
            mail.start()
            self.stdout.write(f"Receiving mail: {mail.describe()}")
        self.stdout.write(f"RealDesk on http://{host}:{port}/agent/  (Ctrl-C stops)")
        config = uvicorn.Config(
            "realdesk.config.asgi:application",
            host=host,
            port=port,
            lifespan="off",
            log_level="info",
            proxy_headers=True,
        )
        # uvicorn shuts down gracefully, then re-raises the signal it caught: turn that into
        # a normal exit so the worker below is always stopped (SIGTERM would kill us outright).
        signal.signal(signal.SIGTERM, _exit_normally)
        try:
            uvicorn.Server(config).run()
        except KeyboardInterrupt:
            pass
        finally:
            if mail:
                mail.stop()
            if worker:
                self.stdout.write("Stopping the background worker…")
                worker.stop()
