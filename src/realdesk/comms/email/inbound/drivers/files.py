"""The file door: .eml files, mbox files and Maildir folders, read for the bulk importer."""

import mailbox
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class Problems(Protocol):
    """Where a file that cannot be read, or is no email, is told (the import's report)."""

    def unreadable(self, label: str, error: Exception) -> None: ...

    def skipped(self, label: str, reason: str) -> None: ...


def messages_in(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, bytes) for each email in an .eml file, an mbox file or a Maildir folder."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise ValueError(f"{path} is a folder but not a Maildir (no cur/ or new/)")
        box = mailbox.Maildir(path, factory=None, create=False)
        for key in box.iterkeys():
            yield f"{path.name}/{key}", box.get_bytes(key)
        return
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        box = mailbox.mbox(path, factory=None, create=False)
        for index, key in enumerate(box.iterkeys()):
            yield f"{path.name}#{index + 1}", box.get_bytes(key)
        return
    yield path.name, path.read_bytes()


def readable_messages(paths: list[Path], report: Problems) -> Iterator[tuple[str, bytes]]:
    """Every email of the paths; a file or folder that cannot be read is reported instead."""
    for path in paths:
        found = False
        for source, prefix in _sources(path, path, report):
            found = True
            try:
                yield from ((prefix + label, data) for label, data in messages_in(source))
            except (OSError, ValueError) as error:
                report.unreadable(str(source), error)
        if not found:
            report.unreadable(
                str(path), ValueError(f"{path} holds no .eml file and is not a Maildir")
            )


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() or (path / "new").is_dir()


def _sources(path: Path, top: Path, report: Problems) -> Iterator[tuple[Path, str]]:
    """(file or Maildir, label prefix) for a path: itself, or for a plain folder (the most
    common export) its .eml files and Maildir folders at any depth, in name order, each
    labelled by where it is under the folder. Any other file there is reported as skipped,
    not silently left out; folders reached through links are not followed (no loops)."""
    if not path.is_dir() or _is_maildir(path):
        yield path, "" if path == top else f"{path.parent.relative_to(top)}/".removeprefix("./")
        return
    for child in sorted(path.iterdir()):
        if child.is_dir() and not child.is_symlink():
            yield from _sources(child, top, report)
        elif child.is_file() and child.suffix.lower() == ".eml":
            yield child, f"{child.parent.relative_to(top)}/".removeprefix("./")
        else:
            report.skipped(str(child), "not an .eml file or a Maildir folder")
