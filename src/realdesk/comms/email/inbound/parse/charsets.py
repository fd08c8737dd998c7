"""Which codec really decodes a MIME charset label, for bodies and encoded-word headers alike.

Why: mail clients label text with the standard charset while writing its vendor superset.
Outlook labels windows-1252 text (curly quotes, the euro sign) as iso-8859-1, Japanese
clients label cp932 (circled digits, NEC and IBM extensions) as Shift_JIS, Chinese ones
label GBK as GB2312. Decoding by the label turns those characters into invisible C1
controls or replacement characters; each superset's codec reads the label's own text
unchanged, so we decode with the superset, as browsers do (WHATWG Encoding Standard).
"""

from __future__ import annotations

import re

_SUPERSETS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "gb2312": "gb18030", "gbk": "gb18030", "ks_c_5601-1987": "cp949", "iso-8859-8-i": "iso-8859-8",
    "windows-874": "cp874", "unicode-1-1-utf-7": "utf-7",
}  # fmt: skip
_ENCODED_WORD_CHARSET = re.compile(r"(=\?)([^?*\s]+)(?=(?:\*[^?]*)?\?[bBqQ]\?)")


def codec_for(label: str) -> str:
    """The Python codec for a lower-cased, stripped charset label."""
    return _SUPERSETS.get(label, label)


def relabel_encoded_words(value: str) -> str:
    """RFC 2047 encoded-words in a raw header value, relabelled with the codec to use."""
    return _ENCODED_WORD_CHARSET.sub(lambda m: m[1] + codec_for(m[2].lower()), value)
