"""Texts kept as a code and its facts, put into words only when someone reads them.

A reason recorded on a row ("same issue as #12", "disabled by Ana") is read later, by
people who each chose a language; text written once, in English, showed German agents an
English fragment inside a German sentence. So such a row keeps a `Phrase` (a code and the
facts the words need, as JSON) and a `Phrasebook` writes the words at display time, in the
active language. The recorded English text stays beside it for searches, logs and the API,
and is what a row written before phrases existed (or with a code this version no longer
knows) shows, as it was recorded.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from realdesk.core.registry import Registry

Writer = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Phrase:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        """The JSON a row keeps."""
        return {"code": self.code, "params": self.params}


class Phrasebook:
    """The writers of one kind of stored text, one per code; each calls gettext, so it
    writes in whatever language is active when it is called."""

    def __init__(self, name: str) -> None:
        self._writers: Registry[str, Writer] = Registry(name)

    def writer(self, code: str) -> Callable[[Writer], Writer]:
        def register(write: Writer) -> Writer:
            return self._writers.register(code, write)

        return register

    def words(self, phrase: Phrase) -> str:
        return self._writers.get(phrase.code)(phrase.params)

    def english(self, phrase: Phrase) -> str:
        """The text recorded beside the phrase: the same for every reader and every log."""
        with translation.override("en"):
            return self.words(phrase)

    def read(self, stored: dict[str, Any] | None, *, recorded: str) -> str:
        """A row's text in the active language; `recorded`, its text as written, when the
        row has no phrase this version can write."""
        if not stored or stored.get("code") not in self._writers:
            return recorded
        return self.words(Phrase(stored["code"], stored.get("params") or {}))


def moment_words(moment: datetime, zone: tzinfo | None = None) -> str:
    """A date and time as the reader's language writes it ("Mo. Nov. 23, 17:00 CET"), in
    `zone`, else the zone the console shows times in; with the zone's name, since the
    text may be read far from it."""
    local = timezone.localtime(moment, zone)
    return f"{date_format(local, gettext('D M j, H:i'))} {local:%Z}"


def clock_words(moment: datetime, zone: tzinfo | None = None) -> str:
    """The time of day alone ("17:30 CET"), for the end of a window whose day was just
    said by `moment_words`; in the same zone."""
    local = timezone.localtime(moment, zone)
    return f"{date_format(local, 'H:i')} {local:%Z}"


def phrase_read_back(
    text: str,
    patterns: Iterable[tuple[re.Pattern[str], str]],
    *,
    numbers: Iterable[str] = (),
    lists: Iterable[str] = (),
) -> dict[str, Any] | None:
    """For a data migration: the phrase (as a row keeps it) that an English text recorded
    before phrases existed is, read by the first pattern (a regex with named groups, and
    its code) that matches it whole; None when none does. Groups named in `numbers` become
    ints, those in `lists` are split at ", "."""
    for pattern, code in patterns:
        found = pattern.fullmatch(text)
        if found:
            params: dict[str, Any] = dict(found.groupdict())
            for name in set(numbers) & params.keys():
                params[name] = int(params[name])
            for name in set(lists) & params.keys():
                params[name] = params[name].split(", ")
            return {"code": code, "params": params}
    return None
