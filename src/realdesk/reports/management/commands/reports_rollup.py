"""`realdesk manage reports_rollup --since DAY [--until DAY] [--enqueue]`: backfill the
daily rollups of reports (docs/reports.md), e.g. after an import of old tickets."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from realdesk.reports.actions import rollup_days
from realdesk.reports.tasks import rollup_range_task


class Command(BaseCommand):
    help = "Roll up report figures per day and team for a range of past days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--until", type=date.fromisoformat, help="YYYY-MM-DD, inclusive; default yesterday"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue it for the worker instead of waiting."
        )

    def handle(self, *args, since: date, until: date | None, enqueue: bool, **options):
        until = until or timezone.localdate() - timedelta(days=1)
        if until >= timezone.localdate():
            raise CommandError("Only days that have ended can be rolled up: --until yesterday.")
        if since > until:
            raise CommandError("--since must be on or before --until.")
        if enqueue:
            rollup_range_task.enqueue(first=since.isoformat(), last=until.isoformat())
            self.stdout.write(f"Queued the rollup of {since} to {until}.")
            return
        rows = rollup_days(first=since, last=until)
        self.stdout.write(f"Rolled up {since} to {until}: {rows} rows.")
