"""Inbound email throughput, end to end: record, parse, thread, store, acknowledgement queued.

    .venv/bin/python bench/ingest.py [--n 2000] [--runs 3] [--database-url URL]

Generates N realistic emails (multipart text+HTML, 10% with a ~50 KB attachment, two
thirds replies to earlier ones by In-Reply-To), ingests them into a fresh database and
prints messages per second (median of the runs) and the peak memory of the process.
Without --database-url each run uses a new SQLite file.
"""

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def generate(n: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    sent_ids: list[tuple[str, str, str]] = []
    messages = []
    for i in range(n):
        msg = EmailMessage()
        if sent_ids and rng.random() < 2 / 3:
            parent_id, sender, subject = rng.choice(sent_ids)
            msg["In-Reply-To"] = parent_id
            msg["Subject"] = f"Re: {subject}"
            body = f"Thanks, that helped with step {i}.\n\nOn Monday Sam wrote:\n> earlier\n"
        else:
            sender = f"customer{rng.randrange(n // 3 + 1)}@example.net"
            subject = f"Problem {i} with my order {rng.randrange(10**6)}"
            body = "Hello,\n\nmy order has not arrived yet and tracking is stuck.\n" * 3
        msg["From"] = sender
        msg["To"] = "support@help.example.com"
        message_id = make_msgid(domain="example.net")
        msg["Message-ID"] = message_id
        msg.set_content(body)
        msg.add_alternative(f"<p>{body}</p>", subtype="html")
        if rng.random() < 0.10:
            msg.add_attachment(rng.randbytes(50_000), maintype="application", subtype="pdf",
                               filename="invoice.pdf")  # fmt: skip
        sent_ids.append((message_id, sender, subject.removeprefix("Re: ")))
        messages.append(msg.as_bytes())
    return messages


def one_run(n: int, database_url: str | None) -> None:
    """In a fresh process: a fresh database, then ingest; prints rate and peak memory."""
    workdir = Path(tempfile.mkdtemp(prefix="realdesk-bench-"))
    os.environ["REALDESK_VAR_DIR"] = str(workdir / "var")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "realdesk.config.settings"
    os.environ["REALDESK_SUPPORT_ADDRESS"] = "support@help.example.com"
    import django

    django.setup()
    from django.core.management import call_command

    from realdesk.comms.email.receive import email_receive

    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    messages = generate(n)
    started = time.perf_counter()
    for data in messages:
        email_receive(data=data, source="bench")
    rate = n / (time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rate:.1f} {peak_mb:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        one_run(args.n, args.database_url)
        return
    command = [sys.executable, __file__, "--one-run", "--n", str(args.n)]
    if args.database_url:
        command += ["--database-url", args.database_url]
    results = []
    for _ in range(args.runs):
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        rate, peak = output.split()[-2:]
        results.append((float(rate), float(peak)))
    rates = [rate for rate, _ in results]
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"machine: {machine}")
    print(f"database: {vendor}; messages per run: {args.n}; runs: {args.runs}")
    print(f"messages/s: median {statistics.median(rates):.0f} (runs: {[round(r) for r in rates]})")
    print(f"peak memory (max RSS of a run): {max(peak for _, peak in results):.0f} MB")


if __name__ == "__main__":
    main()
