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
            body = f"Thanks, that helped with step {i}.\n\nOn Monday someone wrote:\n> earlier text\n"
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


def run_once(messages: list[bytes], database_url: str | None) -> float:
    from django.core.management import call_command
    from django.db import connection

    from realdesk.comms.email.receive import email_receive

    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    for data in messages:
        email_receive(data=data, source="bench")
    elapsed = time.perf_counter() - started
    connection.close()
    return len(messages) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="realdesk-bench-"))
    os.environ["REALDESK_VAR_DIR"] = str(workdir / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "realdesk.config.settings"
    os.environ["REALDESK_SUPPORT_ADDRESS"] = "support@help.example.com"
    messages = generate(args.n)
    rates = []
    for run in range(args.runs):
        if not args.database_url:
            os.environ["DATABASE_URL"] = f"sqlite:///{workdir / f'run{run}.sqlite3'}"
        else:
            os.environ["DATABASE_URL"] = args.database_url
        import django
        from django.conf import settings

        if settings.configured and run:
            from django.db import connections

            connections["default"].settings_dict["NAME"] = (
                str(workdir / f"run{run}.sqlite3")
                if not args.database_url
                else connections["default"].settings_dict["NAME"]
            )
        django.setup()
        rates.append(run_once(messages, args.database_url))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"database: {vendor}; messages per run: {args.n}; runs: {args.runs}")
    print(f"messages/s: median {statistics.median(rates):.0f} (runs: {', '.join(f'{r:.0f}' for r in rates)})")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
