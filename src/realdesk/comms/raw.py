"""Keeping what a channel received, byte for byte, before anything interprets it."""

import hashlib
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from realdesk.comms.models import RawMessage


def _storage_name(digest: str) -> str:
    return f"raw/{digest[:2]}/{digest[2:4]}/{digest}"


def _write_once(name: str, data: bytes, digest: str) -> None:
    """Content-addressed: an existing file with the right hash is already what we need;
    one with the wrong hash (a crash mid-write) is replaced."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as existing:
            if hashlib.sha256(existing.read()).hexdigest() == digest:
                return
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # the storage renamed it: keep the content-addressed name authoritative
        default_storage.delete(saved)
        raise OSError(f"storage refused the content-addressed name {name}")


def raw_store(*, data: bytes, channel: str, at: datetime | None = None) -> tuple[RawMessage, bool]:
    """Store the bytes and their record; returns (record, created). Idempotent on content."""
    digest = hashlib.sha256(data).hexdigest()
    existing = RawMessage.objects.filter(sha256=digest).first()
    if existing:
        return existing, False
    name = _storage_name(digest)
    _write_once(name, data, digest)
    try:
        with transaction.atomic():
            record = RawMessage.objects.create(
                sha256=digest,
                channel=channel,
                storage_name=name,
                size=len(data),
                received_at=at or timezone.now(),
            )
    except IntegrityError:
        return RawMessage.objects.get(sha256=digest), False
    return record, True


def raw_read(raw: RawMessage) -> bytes:
    with default_storage.open(raw.storage_name, "rb") as stored:
        return stored.read()
