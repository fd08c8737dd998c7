"""Read the body that Outlook keeps only as compressed RTF (PR_RTF_COMPRESSED) in winmail.dat.

Why: Outlook very often sends a message whose only body is compressed RTF, usually HTML
wrapped in RTF (MS-OXRTFEX ``\\fromhtml1``), sometimes plain text wrapped the same way
(``\\fromtext``) or real RTF. ``compressed-rtf`` undoes the compression (MS-OXRTFCP), but it
decompresses until its input ends, whatever size the header declared (2 MB of input can
write 17 MB). So the token stream is first counted here, without copying, and a stream
whose output would not be the declared size, or whose declared size is over
``MAX_RTF_BYTES``, is refused before it is decompressed.

The RTF is read by the small single-pass reader below rather than a library: rtfde needs
eleven packages (oletools, cryptography, ...) and took 22 s and 660 MB for 1 MB of RTF, and
striprtf's hyperlink pattern backtracks (6 s for 31 KB of hostile RTF). This reader is
linear, keeps its groups in a list (no recursion) and caps their nesting.

Pure: bytes in, strings out; raises ``RtfError`` and nothing else.
"""

from __future__ import annotations

import codecs
import re
import struct
from dataclasses import dataclass, field

from compressed_rtf import decompress

MAX_RTF_BYTES = 2 * 1024 * 1024  # declared raw size; Outlook bodies are tens of kilobytes
MAX_DEPTH = 500  # nested groups; real RTF stays under a few dozen
_OVERRUN = 4096  # output past the declared size that is dropped (some writers pad), not refused

_HEADER = struct.Struct("<II4sI")  # compressed size, raw size, kind, CRC
_INIT_DICT_SIZE = 207  # MS-OXRTFCP: the writing position after the preloaded dictionary
_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?[0-9]{1,10})? ?"  # control word, its parameter and delimiter
    rb"|\\'([0-9a-fA-F]{2})"  # one byte in the current code page
    rb"|\\(.)"  # control symbol
    rb"|([{}])"
    rb"|[\r\n]+"  # line ends in RTF source carry no meaning
    rb"|([^\\{}\r\n]+)",  # text
    re.DOTALL,
)
# Groups whose content is not part of the visible text (RTF 1.9.1 destinations).
_HIDDEN = frozenset(
    b"fonttbl colortbl stylesheet info pict object objdata objclass header headerl headerr "
    b"headerf footer footerl footerr footerf footnote annotation listtable listoverridetable "
    b"rsidtbl generator themedata colorschememapping latentstyles datastore xmlnstbl fldinst "
    b"filetbl revtbl pgdsctbl sp template".split()
)
_CHARACTERS = {
    b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n", b"tab": "\t",
    b"cell": "\t", b"emdash": "\u2014", b"endash": "\u2013", b"emspace": "\u2003",
    b"enspace": "\u2002", b"bullet": "\u2022", b"lquote": "\u2018", b"rquote": "\u2019",
    b"ldblquote": "\u201c", b"rdblquote": "\u201d",
}  # fmt: skip
_SYMBOLS = {b"~": "\xa0", b"_": "\u2011", b"{": "{", b"}": "}", b"\\": "\\",
            b"\n": "\n", b"\r": "\n"}  # fmt: skip
_CHARSETS = {77: "mac_roman", 128: "cp932", 129: "cp949", 134: "cp936", 136: "cp950",
             161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256",
             186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250"}  # fmt: skip
_CHARSET_WORDS = {b"ansi": "cp1252", b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}
_HTMLTAG = re.compile(rb"\\htmltag(?![a-zA-Z])")  # HTML kept in a \* group (not \mhtmltag)


class RtfError(Exception):
    """The compressed RTF cannot be read; nothing else escapes this module."""


class RtfTooLarge(RtfError):
    """The RTF would be larger than ``MAX_RTF_BYTES``."""


@dataclass(frozen=True, slots=True)
class RtfBody:
    """``html`` when the RTF wraps HTML (not yet sanitised), else ``text``."""

    text: str = ""
    html: str = ""


def read_compressed_rtf(data: bytes) -> RtfBody:
    """The body inside a PR_RTF_COMPRESSED value (padding after it is ignored)."""
    try:
        return read_rtf(decompress_rtf(data))
    except RtfError:
        raise
    except Exception as error:  # a bug or a library failure must not lose the files around it
        raise RtfError(type(error).__name__) from error


def decompress_rtf(data: bytes) -> bytes:
    """The RTF, after checking the header and counting the output before any is written."""
    if len(data) < _HEADER.size:
        raise RtfError("no header")
    compressed_size, raw_size, kind, crc = _HEADER.unpack_from(data)
    if raw_size > MAX_RTF_BYTES:
        raise RtfTooLarge(raw_size)
    if compressed_size < 12 or compressed_size + 4 > len(data):
        raise RtfError("cut")
    data = data[: compressed_size + 4]
    if kind == b"MELA":  # stored uncompressed
        if crc != 0 or len(data) - _HEADER.size < raw_size:
            raise RtfError("bad uncompressed stream")
        return data[_HEADER.size : _HEADER.size + raw_size]
    if kind != b"LZFu":
        raise RtfError("unknown compression")
    if _lzfu_size(data, _HEADER.size, raw_size + _OVERRUN) < raw_size:
        raise RtfError("shorter than declared")
    raw = decompress(data)  # checks the CRC
    if len(raw) < raw_size:
        raise RtfError("shorter than declared")
    return raw[:raw_size]


def _lzfu_size(data: bytes, pos: int, limit: int) -> int:
    """What ``compressed_rtf.decompress`` will write, counted the way it reads the tokens."""
    write, size, end = _INIT_DICT_SIZE, 0, len(data)
    while pos < end:
        control = data[pos]
        pos += 1
        for bit in range(8):
            if pos >= end:
                break
            if control >> bit & 1:  # a reference: 12-bit dictionary offset, 4-bit length
                if pos + 1 >= end:
                    raise RtfError("half a reference")  # decompress fails on it too
                token = data[pos] << 8 | data[pos + 1]
                pos += 2
                if token >> 4 == write:
                    return size  # the end marker
                length = (token & 0xF) + 2
            else:
                pos += 1
                length = 1
            size += length
            write = (write + length) & 0xFFF
            if size > limit:
                raise RtfTooLarge(size)
    return size


@dataclass(slots=True)
class _Group:
    hidden: bool = False
    htmlrtf: bool = False  # RTF-only content that was not in the original HTML or text
    fonttbl: bool = False
    codepage: str = "cp1252"
    uc: int = 1  # fallback characters that follow each \uN

    def inner(self) -> _Group:
        """A nested group starts with its parent's state (faster than dataclasses.replace)."""
        return _Group(self.hidden, self.htmlrtf, self.fonttbl, self.codepage, self.uc)


@dataclass(slots=True)
class _Output:
    """Characters, with bytes decoded in their code page and UTF-16 units as pairs."""

    parts: list[str] = field(default_factory=list)
    pending: bytearray = field(default_factory=bytearray)
    codepage: str = "cp1252"
    units: list[int] = field(default_factory=list)

    def add_bytes(self, data: bytes, codepage: str) -> None:
        if self.units or codepage != self.codepage:
            self.flush()
            self.codepage = codepage
        self.pending += data

    def add_unit(self, unit: int) -> None:
        if self.pending:
            self.flush()
        self.units.append(unit)

    def add(self, text: str) -> None:
        self.flush()
        self.parts.append(text)

    def flush(self) -> None:
        if self.pending:
            self.parts.append(self.pending.decode(self.codepage, "replace"))
            self.pending.clear()
        if self.units:
            encoded = struct.pack(f"<{len(self.units)}H", *self.units)
            self.parts.append(encoded.decode("utf-16-le", "replace"))
            self.units.clear()

    def value(self) -> str:
        self.flush()
        return "".join(self.parts).replace("\x00", "")


def read_rtf(rtf: bytes) -> RtfBody:
    """Text of plain RTF, or the HTML or text that ``\\fromhtml1``/``\\fromtext`` RTF wraps."""
    if not rtf.lstrip().startswith(b"{\\rtf"):
        raise RtfError("not RTF")
    out = _Output()
    stack: list[_Group] = []
    group = _Group()
    fonts: dict[int, str] = {}
    ansi = "cp1252"
    font = current_font = 0
    html = False
    skip = 0  # fallback characters still to drop after a \uN
    pos, end = 0, len(rtf)
    while pos < end:
        match = _TOKEN.match(rtf, pos)
        if match is None:  # a lone backslash at the very end
            break
        pos = match.end()
        word, parameter, hexbyte, symbol, brace, text = match.groups()
        if brace == b"{":
            if len(stack) >= MAX_DEPTH:
                raise RtfError("nested too deeply")
            stack.append(group)
            group, skip = group.inner(), 0
        elif brace == b"}":
            if not stack:
                break
            group, skip = stack.pop(), 0
            if not stack:
                break  # the document is closed: anything after it is not part of it
        elif word is not None:
            number = int(parameter) if parameter else None
            if skip and word != b"bin":
                skip -= 1
                continue
            if word == b"bin":
                pos += max(number or 0, 0)  # binary data: nothing to read in it
            elif word in _HIDDEN:
                group.hidden = True
                group.fonttbl = word == b"fonttbl"
            elif word == b"fromhtml" and number == 1 and len(stack) == 1:
                html = True
            elif word == b"htmlrtf":
                group.htmlrtf = number != 0
            elif word == b"ansicpg" and number is not None:
                ansi = group.codepage = _codepage(number) or ansi
            elif word in _CHARSET_WORDS:
                ansi = group.codepage = _CHARSET_WORDS[word]
            elif word == b"f" and number is not None:
                if group.fonttbl:
                    font = number
                else:
                    current_font = number
                    group.codepage = fonts.get(current_font, ansi)
            elif word == b"fcharset" and group.fonttbl and number in _CHARSETS:
                fonts[font] = _CHARSETS[number]
            elif word == b"uc" and number is not None:
                group.uc = min(max(number, 0), 10)
            elif word == b"u" and number is not None:
                if _visible(group):
                    out.add_unit(number & 0xFFFF)
                skip = group.uc
            elif word in _CHARACTERS and _visible(group):
                out.add("\r\n" if html and word == b"par" else _CHARACTERS[word])
        elif symbol is not None:
            if symbol == b"*":  # an optional destination: hidden unless it is wrapped HTML
                group.hidden = group.hidden or not (html and _HTMLTAG.match(rtf, pos))
            elif skip:
                skip -= 1
            elif symbol in _SYMBOLS and _visible(group):
                out.add(_SYMBOLS[symbol])
        elif hexbyte is not None:
            if skip:
                skip -= 1
            elif _visible(group):
                out.add_bytes(bytes.fromhex(hexbyte.decode()), group.codepage)
        elif text is not None:
            if skip:
                dropped = min(skip, len(text))
                text, skip = text[dropped:], skip - dropped
            if text and _visible(group):
                out.add_bytes(text, group.codepage)
    value = out.value()
    return RtfBody(html=value) if html else RtfBody(text=value)


def _visible(group: _Group) -> bool:
    return not group.hidden and not group.htmlrtf


def _codepage(number: int) -> str | None:
    name = {20127: "ascii", 28591: "iso-8859-1", 65001: "utf-8"}.get(number, f"cp{number}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
