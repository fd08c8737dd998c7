"""`realdesk ingest [--json] PATH...`: import .eml, mbox and Maildir (migrations, replays)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from realdesk.comms.email.inbound.bulk import (
    IngestReport,
    inbound_reprocess_quarantine,
    ingest_paths,
)


class Command(BaseCommand):
    # The system checks import every URL and view (the whole API among them): most of the
    # start-up of a one-email import, and nothing they check is used here.
    requires_system_checks: list[str] = []
    help = (
        "Ingest emails from .eml files (or folders of them), mbox files and Maildir folders;"
        " safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--reprocess-quarantine",
            action="store_true",
            help="Run quarantined emails through the pipeline again (after a fix).",
        )

    def handle(self, *, paths: list[Path], json: bool, reprocess_quarantine: bool, **options):
        if not paths and not reprocess_quarantine:
            raise CommandError("Give at least one path, or --reprocess-quarantine.")
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        report = ingest_paths(paths)
        if reprocess_quarantine:
            report.add([(f"quarantine:{i.pk}", i, True) for i in inbound_reprocess_quarantine()])
        self._print(report, as_json=json)

    def _print(self, report: IngestReport, *, as_json: bool) -> None:
        result = report.as_dict()
        if as_json:
            self.stdout.write(_dumps(result))
            return
        for key, value in result.items():
            if key != "problems":
                self.stdout.write(f"{key:>24}: {value}")
        for problem in result["problems"]:
            self.stdout.write(f"  {problem['outcome']}: {problem['file']}: {problem['reason']}")


def _dumps(value) -> str:
    return json.dumps(value, indent=None, sort_keys=False)
