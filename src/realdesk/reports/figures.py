"""The arithmetic of every figure, pure (no ORM, no clock), so each definition is tested
table-driven and reads the same on the page, in the API and in exports.

Rates are None when nothing was measured: "0 %" would claim a failure that never
happened, and a lead must be able to tell "no surveys answered" from "nobody happy".
"""

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate, pairwise

from django.utils.formats import number_format
from django.utils.translation import pgettext

#: Upper edges of the histogram buckets of response and resolution times; the last
#: bucket is open-ended. Chosen around the usual targets (1 h, 4 h, 8 h, a day, a week).
DURATION_EDGES: tuple[timedelta, ...] = tuple(timedelta(hours=h) for h in (1, 4, 8, 24, 72, 168))


def percentile(values: Sequence[float], share: float) -> float | None:
    """Linear interpolation between closest ranks, as a spreadsheet's PERCENTILE.INC:
    the median of [1, 2, 3, 10] is 2.5, its 90th percentile 7.9. `values` must be sorted."""
    return tally_percentile(tuple((value, 1) for value in values), share)


def tally_percentile(tally: Sequence[tuple[float, int]], share: float) -> float | None:
    """`percentile` over (value, how many) pairs sorted by value: a month of rollups is a
    few thousand pairs where the values themselves would be hundreds of thousands."""
    return _Ranked(tally).percentile(share)


class _Ranked:
    """Sorted (value, count) pairs with their running totals, to read any rank in log time."""

    def __init__(self, tally: Sequence[tuple[float, int]]):
        self.values = [value for value, _ in tally]
        self.through = list(accumulate(count for _, count in tally))
        self.total = self.through[-1] if self.through else 0

    def at(self, rank: int) -> float:
        return self.values[bisect_right(self.through, rank)]

    def below(self, bound: float) -> int:
        """How many values are below `bound`."""
        index = bisect_left(self.values, bound)
        return self.through[index - 1] if index else 0

    def percentile(self, share: float) -> float | None:
        if not self.total:
            return None
        position = share * (self.total - 1)
        low = math.floor(position)
        high = min(low + 1, self.total - 1)
        return self.at(low) + (self.at(high) - self.at(low)) * (position - low)


@dataclass(frozen=True)
class Distribution:
    """How long something took, in seconds: how many, the median, the 90th percentile and
    the counts per bucket of DURATION_EDGES (one more bucket than edges)."""

    count: int
    median: float | None
    p90: float | None
    buckets: tuple[int, ...]


def distribution(seconds: Sequence[float], edges: Sequence[timedelta] = DURATION_EDGES):
    return tally_distribution(Counter(seconds), edges)


def tally_distribution(
    tally: Mapping[float, int], edges: Sequence[timedelta] = DURATION_EDGES
) -> Distribution:
    """The Distribution of values given as {value: how many}."""
    ranked = _Ranked(sorted(tally.items()))
    below = [0, *(ranked.below(edge.total_seconds()) for edge in edges), ranked.total]
    return Distribution(
        count=ranked.total,
        median=ranked.percentile(0.5),
        p90=ranked.percentile(0.9),
        buckets=tuple(high - low for low, high in pairwise(below)),
    )


def histogram(values: Sequence[float], edges: Sequence[float]) -> tuple[int, ...]:
    """Counts per bucket: bucket i holds edges[i-1] <= v < edges[i]; the last v >= edges[-1]."""
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[bucket_of(value, edges)] += 1
    return tuple(counts)


def bucket_of(value: float, edges: Sequence[float]) -> int:
    """The histogram bucket a value falls in (see `histogram`)."""
    return sum(1 for edge in edges if value >= edge)


def bucket_labels(edges: Sequence[timedelta] = DURATION_EDGES) -> list[str]:
    """ "< 1 h", "1-4 h", ..., "≥ 7 d": what the histogram's axis and its table show."""
    names = [duration_label(edge) for edge in edges]
    middle = [f"{low}-{high}" for low, high in pairwise(names)]
    return [f"< {names[0]}", *middle, f"≥ {names[-1]}"]


def duration_label(value: timedelta | float | None) -> str:
    """A duration the way a lead says it: "45 min", "3.5 h", "2 d"; "—" for nothing."""
    if value is None:
        return "—"
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 48 * 3600:
        return f"{_short(seconds / 3600)} h"
    return pgettext("a duration in days", "%(days)s d") % {"days": _short(seconds / 86400)}


def _short(number: float) -> str:
    """One decimal at most, written the reader's way: "3.5" in English, "3,5" in German."""
    rounded = round(number, 1)
    return number_format(rounded, 0 if rounded == int(rounded) else 1)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


#: The usual NPS bands: 9 and 10 promote, 7 and 8 are passive, 0 to 6 detract.
PROMOTER_FROM = 9
PASSIVE_FROM = 7


@dataclass(frozen=True)
class Nps:
    promoters: int
    passives: int
    detractors: int

    @property
    def answers(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        """Promoters minus detractors, in percentage points of all answers (-100 to 100)."""
        if not self.answers:
            return None
        return 100 * (self.promoters - self.detractors) / self.answers


@dataclass(frozen=True)
class Trend:
    """A figure against the same figure over the previous period of equal length.

    `better` is judged by the figure's own direction (a shorter wait is better, a higher
    rate is better), so the page never shows a falling wait in alarm red.
    """

    current: float | None
    previous: float | None
    lower_is_better: bool = False
    #: False for a figure with no better direction (volume): shown, never coloured.
    judged: bool = True

    @property
    def change(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def better(self) -> bool | None:
        if not self.change or not self.judged:
            return None
        return (self.change < 0) == self.lower_is_better


#: Words too common in subjects to say what an issue is about.
_REPLY_PREFIXES = {"re", "aw", "fw", "fwd", "wg", "tr"}
_WORD_MIN = 4


def subject_words(subject: str) -> set[str]:
    words = "".join(c.lower() if c.isalnum() else " " for c in subject).split()
    return {w for w in words if len(w) >= _WORD_MIN and w not in _REPLY_PREFIXES}


def same_issue(subject: str, other: str) -> bool:
    """Two subjects are about the same issue when at least half the significant words
    (four letters or more) of the shorter appear in the other: "Refund for order 1234"
    and "Re: still no refund for my order" are; "Refund" and "Password reset" are not."""
    mine, theirs = subject_words(subject), subject_words(other)
    shorter = min(mine, theirs, key=len)
    if not shorter:
        return False
    return 2 * len(mine & theirs) >= len(shorter)
