"""Inbound email throughput, end to end: record, parse, thread, store, acknowledgement queued.

    .venv/bin/python bench/ingest.py [--n 2000] [--runs 3] [--database-url URL]
                                     [--door bulk|imap|single|both] [--sla-defaults]

Writes N emails made of the benches' real text (bench/corpus.py `inbound_mail`: multipart
text+HTML with client and relay headers, a third new requests of one to six real
questions, two thirds answers by In-Reply-To that often quote the agent's reply, 10% with
a ~50 KB file, one in twelve forwarding a real email or bounce) into an mbox file, then in
a fresh process per run ingests them into a fresh database and prints messages per second
(median of the runs), SQL statements per email and the peak memory of that process. The
bulk door is what `realdesk ingest` runs (`ingest_paths`, batched); the imap door delivers
them to a private Dovecot first, then times one poll of the mail runner's watcher
(`imap_poll`); the single door sends each email through `email_receive`, as the SMTP/LMTP
listener does. Without --database-url each run
uses a new SQLite file; --sla-defaults installs the default SLA policies and escalation
rules first, so clocks start and escalation checks are queued as on a configured desk.
"""

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from corpus import inbound_mail
from timing import cpu_probe_ms

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # support.dovecot


def write_mbox(path: Path, n: int) -> None:
    with path.open("wb") as mbox:
        for _, data in inbound_mail(n):
            mbox.write(b"From bench@example.net Mon Jan  1 00:00:00 2024\n")
            mbox.write(data.replace(b"\nFrom ", b"\n>From ") + b"\n")


@contextmanager
def _mailbox_of(mbox: Path) -> Iterator[str]:
    """A private Dovecot holding the emails (delivered before any timing); its URL."""
    from realdesk.comms.email.inbound.drivers.files import messages_in
    from support.dovecot import Dovecot
    from support.mail import free_port

    directory = Path(tempfile.mkdtemp(prefix="realdesk-bench-dovecot-"))
    directory.chmod(0o755)  # Dovecot's unprivileged processes read it
    server = Dovecot(directory, free_port())
    server.start()
    try:
        emails = [data for _, data in messages_in(mbox)]
        for start in range(0, len(emails), 500):
            server.deliver(*emails[start : start + 500])
        yield server.url()
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def one_run(mbox: Path, database_url: str | None, door: str, sla_defaults: bool) -> None:
    """In a fresh process: a fresh database, then ingest; prints rate, statements, memory."""
    workdir = Path(tempfile.mkdtemp(prefix="realdesk-bench-"))
    os.environ["REALDESK_VAR_DIR"] = str(workdir / "var")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "realdesk.config.settings"
    os.environ["REALDESK_SUPPORT_ADDRESS"] = "support@help.example.com"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from realdesk.comms.email.inbound.bulk import ingest_paths
    from realdesk.comms.email.inbound.drivers.files import messages_in
    from realdesk.comms.email.inbound.drivers.imap import MailboxConfig, imap_poll
    from realdesk.comms.email.inbound.record import email_receive

    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    if sla_defaults:
        from realdesk.sla.actions.defaults import sla_defaults_install

        sla_defaults_install()
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        mailbox = stack.enter_context(_mailbox_of(mbox)) if door == "imap" else None
        stack.enter_context(connection.execute_wrapper(count))
        started, cpu_started = time.perf_counter(), time.process_time()
        if door == "bulk":
            received = ingest_paths([mbox]).counts["received"]
        elif door == "imap":  # one poll, as the mail runner's watcher makes
            received = len(imap_poll(MailboxConfig.from_url(mailbox)))
        else:
            received = sum(
                1 for _, data in messages_in(mbox) if email_receive(data=data, source="bench")
            )
        seconds = time.perf_counter() - started
        cpu_ms = (time.process_time() - cpu_started) * 1000 / received
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # parse-ahead
    connection.close()
    shutil.rmtree(workdir)
    print(
        f"{received / seconds:.1f} {statements / received:.1f} {cpu_ms:.2f} {peak_mb} {worker_mb}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--door", choices=["bulk", "imap", "single", "both"], default="both")
    parser.add_argument(
        "--sla-defaults",
        action="store_true",
        help="install the default SLA policies and escalation rules first (as the demo does)",
    )
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        one_run(args.one_run, args.database_url, args.door, args.sla_defaults)
        return
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(
        f"machine: {machine}; load average before: {os.getloadavg()[0]:.2f}; "
        f"CPU probe {cpu_probe_ms():.0f} ms (bench/timing.py)"
    )
    setup = "default SLA policies and escalation rules" if args.sla_defaults else "empty"
    print(f"database: {vendor} ({setup}); messages per run: {args.n}; runs: {args.runs}")
    mbox = Path(tempfile.mkdtemp(prefix="realdesk-bench-")) / "bench.mbox"
    write_mbox(mbox, args.n)
    for door in ["bulk", "single"] if args.door == "both" else [args.door]:
        command = [sys.executable, __file__, "--one-run", str(mbox), "--door", door]
        if args.database_url:
            command += ["--database-url", args.database_url]
        if args.sla_defaults:
            command.append("--sla-defaults")
        results = []
        for _ in range(args.runs):
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            results.append([float(x) for x in output.split()[-5:]])
        rates = [rate for rate, *_ in results]
        print(
            f"{door}: messages/s median {statistics.median(rates):.0f} "
            f"(runs: {[round(r) for r in rates]}); "
            f"SQL statements/email {results[0][1]:.1f}; "
            f"CPU ms/email (importing process) {statistics.median(r[2] for r in results):.2f}; "
            f"peak memory (max RSS of a run) {max(r[3] for r in results):.0f} MB"
            f" (parse-ahead worker {max(r[4] for r in results):.0f} MB)"
        )
    shutil.rmtree(mbox.parent)


if __name__ == "__main__":
    main()
