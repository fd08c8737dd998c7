"""Where a trailing signature starts in the last block of a reply's new text.

Why apart from ``reply``: quotes and signatures are found by different rules; this module
only ever sees the text that is left once the quoted history is gone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from realdesk.comms.email.inbound.reply import patterns as pat

_SIG_TAIL_LINES = 15  # a signature starts within the last 15 non-empty lines
_SIG_BLOCK_MAX_LINES = 12
_SIG_LINE_MAX_CHARS = 80
_VALEDICTION_BLOCK_MAX_LINES = 8  # "Kind regards," then name, title, company, phone...
_LONG_RULE_CHARS = 8


def signature_cut(block: list[str], sender: str | None, *, content_before: bool) -> int | None:
    """Index in ``block`` where a trailing signature starts, or None."""
    filled = [i for i, line in enumerate(block) if line.strip()]
    if not filled:
        return None

    def keeps_content(cut: int) -> bool:
        return content_before or any(block[i].strip() for i in range(cut))

    for i in filled[-_SIG_TAIL_LINES:]:
        line = block[i][: pat.MAX_SCAN]
        delimiter = line.strip() == "--" or (
            pat.RULE_LINE.fullmatch(line) is not None
            and _set_apart(block, i)
            and _short_block(block[i + 1 :])
        )
        sign_off = pat.VALEDICTION.fullmatch(line) is not None and _short_block(
            block[i + 1 :], max_lines=_VALEDICTION_BLOCK_MAX_LINES
        )
        if (delimiter or sign_off) and keeps_content(i):
            return i
    last = filled[-1]
    if pat.MOBILE_FOOTER.fullmatch(block[last][: pat.MAX_SCAN]) and keeps_content(last):
        return last
    tail = filled[-3:]
    for n, i in enumerate(tail):  # "-Abhishek Kona" sign-off in the last three lines
        if (
            pat.DASH_NAME.fullmatch(block[i][: pat.MAX_SCAN])
            and i > 0
            and not block[i - 1].strip()
            and not any(block[j].lstrip().startswith("-") for j in tail[n + 1 :])
            and keeps_content(i)
        ):
            return i
    return _sender_paragraph(block, filled, sender, keeps_content)


def _set_apart(block: list[str], i: int) -> bool:
    """A signature rule has a blank line above and the name right under it (or is a long
    rule); a rule inside the text (a Markdown heading's underline, a short "====" between
    paragraphs) does not."""
    above = i == 0 or not block[i - 1].strip()
    below = i + 1 < len(block) and bool(block[i + 1].strip())
    return above and (below or len(block[i].strip()) >= _LONG_RULE_CHARS)


def _short_block(rest: list[str], *, max_lines: int = _SIG_BLOCK_MAX_LINES) -> bool:
    filled = [line for line in rest if line.strip()]
    return 0 < len(filled) <= max_lines and all(
        len(line.strip()) <= _SIG_LINE_MAX_CHARS for line in filled
    )


def _sender_paragraph(
    block: list[str], filled: list[int], sender: str | None, keeps: Callable[[int], bool]
) -> int | None:
    """A short last paragraph that names the sender ("Thanks,\\nNoam", "Jane Doe\\nACME")."""
    if not sender:
        return None
    address_match = pat.EMAIL.search(sender)
    address = address_match.group(0).lower().strip("<>") if address_match else ""
    name = " ".join(pat.EMAIL.sub(" ", sender).strip(" \t<>\"'()").lower().split())
    named = re.compile(rf"\b{re.escape(name)}\b") if len(name) >= 3 else None
    start = filled[-1]
    while start > 0 and block[start - 1].strip():
        start -= 1
    paragraph = [line.strip() for line in block[start : filled[-1] + 1]]
    if len(paragraph) > 6 or any(len(line) > _SIG_LINE_MAX_CHARS for line in paragraph):
        return None
    for line in paragraph:
        low = line.lower()
        by_name = named is not None and (
            named.match(low) is not None or (len(low) <= 40 and named.search(low) is not None)
        )
        if by_name or (address and address in low):
            return start if keeps(start) else None
    return None
