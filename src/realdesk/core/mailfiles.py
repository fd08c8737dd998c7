"""Outgoing mail written to files when no relay is set: one .eml per message, named so a
person finds theirs by eye (`2026-12-05_091502_ana@example.org_Sign in to your requests.eml`).

Django's file backend appends every message of a connection to one `.log` named by a
timestamp and an object id; a newcomer looking for their sign-in link had to open each.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            _write_new(self.folder, _file_stem(message), message.message().as_bytes())
        return len(email_messages)


def _file_stem(message: EmailMessage) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M%S")
    recipient = (message.recipients() or ["nobody"])[0]
    subject = " ".join(str(message.subject).split())
    return _UNSAFE.sub("_", f"{stamp}_{recipient}_{subject}")[:150].rstrip(". ")


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Never overwrite: two messages to one person in the same second both stay."""
    for n in range(1000):
        path = folder / (f"{stem}.eml" if n == 0 else f"{stem} ({n}).eml")
        try:
            with path.open("xb") as file:
                file.write(data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"too many messages named {stem!r} in {folder}")
