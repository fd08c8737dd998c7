"""Storing attachments safely: type sniffed from the bytes, size capped, name cleaned."""

import hashlib
import re

from django.conf import settings
from django.core.files.base import ContentFile

from realdesk.core.bulk import rows_insert
from realdesk.tickets.models import Attachment, Message

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_PLAIN_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def safe_filename(name: str) -> str:
    cleaned = _UNSAFE_NAME.sub("_", name).strip(" .") or "attachment"
    return cleaned[-200:]


def _stored_name(name: str, digest: str) -> str:
    """The file's name on disk: its hash and a plain suffix, never the sender's words (a
    name such as "!" has no characters a storage accepts, and would fail the email)."""
    suffix = _PLAIN_SUFFIX.search(name)
    return digest[:32] + (suffix.group().lower() if suffix else "")


def sniffed_type(payload: bytes) -> str:
    """What the bytes are, not what the sender claimed; unknown is a plain download."""
    import filetype  # loaded by the first attachment, not by every command that starts

    kind = filetype.guess(payload[:8192])
    return kind.mime if kind else "application/octet-stream"


def attachment_too_large(size: int) -> bool:
    """Over the one limit every channel's files share (REALDESK_ATTACHMENT_MAX_BYTES): a
    channel that can refuse a file before reading it asks here first."""
    return size > settings.REALDESK_ATTACHMENT_MAX_BYTES


def attachment_store(*, message: Message, filename: str, payload: bytes) -> Attachment | None:
    """Attach a file to a message; None when it is over the size limit (the raw source
    keeps it, so nothing is lost)."""
    (stored,) = attachments_store(files=[(message, filename, payload)])
    return stored


def attachments_store(*, files: list[tuple[Message, str, bytes]]) -> list[Attachment | None]:
    """`attachment_store` for (message, filename, payload) triples, the rows inserted
    together (a batch of inbound email has a few dozen files; a save each cost more than
    writing them)."""
    stored: list[Attachment | None] = []
    for message, filename, payload in files:
        if attachment_too_large(len(payload)):
            stored.append(None)
            continue
        name = safe_filename(filename)
        digest = hashlib.sha256(payload).hexdigest()
        attachment = Attachment(
            message=message,
            filename=name,
            content_type=sniffed_type(payload),
            size=len(payload),
            sha256=digest,
        )
        attachment.file.save(_stored_name(name, digest), ContentFile(payload), save=False)
        stored.append(attachment)
    rows_insert([attachment for attachment in stored if attachment])
    return stored
