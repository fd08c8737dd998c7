"""Keeping what a channel received, byte for byte, before anything interprets it."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from realdesk.core.bulk import rows_insert
from realdesk.core.models import RawMessage


def _storage_name(digest: str) -> str:
    """256 folders: creating a folder costs as much as a file, and two levels (65,536
    folders) made nearly every new email create one. Each record keeps its own name, so
    bytes stored under an earlier layout are read where they are."""
    return f"raw/{digest[:2]}/{digest}"


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


def raws_write(datas: list[bytes]) -> None:
    """Put the bytes on disk, under their content-addressed names, without recording them
    (no database: safe in another thread). A bulk import writes the next batch's files
    this way while it processes the batch before, for creating a file is slow on some
    disks; `raws_store` then finds them there and records them."""
    for data in datas:
        digest = hashlib.sha256(data).hexdigest()
        _write_once(_storage_name(digest), data, digest)


def raws_store(*, datas: list[bytes], channel: str, written: bool = False) -> list[RawMessage]:
    """Store each payload's bytes and record, once per content; the records in input order.

    Call inside a transaction: one query finds what is already kept and one inserts the
    rest. Bytes recorded concurrently by another process make the insert raise
    IntegrityError; the caller rolls back and calls again, and they are then found.
    `written`: this process has just put the bytes on disk (`raws_write`), so they are
    not read back to be checked.
    """
    digests = [hashlib.sha256(data).hexdigest() for data in datas]
    records = {r.sha256: r for r in RawMessage.objects.filter(sha256__in=set(digests))}
    new = {}
    now = timezone.now()
    for digest, data in zip(digests, datas, strict=True):
        if digest in records or digest in new:
            continue
        name = _storage_name(digest)
        if not written:
            _write_once(name, data, digest)
        new[digest] = RawMessage(
            sha256=digest, channel=channel, storage_name=name, size=len(data), received_at=now
        )
    rows_insert(list(new.values()))
    records |= new
    return [records[digest] for digest in digests]


def raw_read(raw: RawMessage) -> bytes:
    with default_storage.open(raw.storage_name, "rb") as stored:
        return stored.read()
