"""The file door: .eml files, mbox files and Maildir folders, read for the bulk importer."""

import mailbox
import mmap
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class Problems(Protocol):
    """Where a file that cannot be read, or is no email, is told (the import's report)."""

    def unreadable(self, label: str, error: Exception) -> None: ...

    def skipped(self, label: str, reason: str) -> None: ...


#: Where an mbox message starts: a line beginning "From ".
FROM_LINE = re.compile(rb"^From ", re.MULTILINE)


class Mbox(mailbox.mbox):
    """`mailbox.mbox` whose table of contents comes from one pattern search over the
    mapped file instead of a `readline` per line, which was a twentieth of importing a
    large mbox. The positions are the stdlib's: a message ends before the "From " line
    after it, and before the empty line in front of that line if there is one."""

    def _generate_toc(self) -> None:
        length = self._file.seek(0, 2)
        if mailbox.linesep != b"\n" or not length:  # the stdlib's own way, as it is
            return super()._generate_toc()
        with mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) as data:

            def stop(at: int) -> int:  # "\n" alone on the line before `at`: left out
                empty_line_before = data[at - 1 : at] == b"\n" and (at == 1 or data[at - 2] == 10)
                return at - 1 if empty_line_before else at

            starts = [found.start() for found in FROM_LINE.finditer(data)]
            stops = [stop(at) for at in [*starts[1:], length]] if starts else []
        self._toc = dict(enumerate(zip(starts, stops, strict=True)))
        self._next_key = len(self._toc)
        self._file_length = length
        return None


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
        box = Mbox(path, factory=None, create=False)
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
