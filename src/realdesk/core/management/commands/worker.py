"""`realdesk worker`: process background tasks only, for scale-out on other machines."""

from django.core.management.base import BaseCommand
from django.db import connection

from realdesk.core.periodic import Scheduler
from realdesk.core.worker import Worker


class Command(BaseCommand):
    help = "Run one background worker (start several, on several machines, to scale out)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls when idle."
        )
        parser.add_argument(
            "--queue", default="*", help="Comma-separated queue names, or * for all."
        )

    def handle(self, *, interval: float, queue: str, **options):
        worker = Worker(interval=interval, queue_names=queue.split(","))
        scheduler = Scheduler()
        scheduler.start()
        worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} started (queues: {queue}).")
        try:
            worker.run()
        finally:
            scheduler.stop()
            connection.close()
            self.stdout.write(f"Worker {worker.worker_id} stopped.")
