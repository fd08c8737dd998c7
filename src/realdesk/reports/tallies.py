"""Durations kept as tallies: how many tickets took each whole minute (pure).

A rollup row stores its tally as packed little-endian int32 pairs (minutes, tickets)
rather than JSON: a month of rows is hundreds of thousands of pairs, which numpy merges in
milliseconds where decoding and adding them one by one took most of a page's time
(docs/performance.md). Minutes keep medians and percentiles exact to the minute.
"""

from collections.abc import Iterable, Mapping, Sequence

# numpy is imported where it is used: every command loads this module, few merge tallies.
PAIR = "<i4"


def tally_encode(seconds: Sequence[float]) -> bytes:
    """Durations in seconds as a packed tally, rounded to the minute."""
    if not len(seconds):
        return b""
    import numpy as np

    minutes, counts = np.unique(np.rint(np.asarray(seconds) / 60), return_counts=True)
    return np.column_stack([minutes, counts]).astype(PAIR).tobytes()


def tally_merge(blobs: Iterable[bytes | memoryview]) -> dict[float, int]:
    """{seconds: tickets} of the packed tallies together."""
    import numpy as np

    parts = [np.frombuffer(blob, dtype=PAIR).reshape(-1, 2) for blob in blobs if len(blob)]
    if not parts:
        return {}
    pairs = np.concatenate(parts)
    minutes, where = np.unique(pairs[:, 0], return_inverse=True)
    counts = np.bincount(where, weights=pairs[:, 1]).astype(np.int64)
    return {60.0 * m: n for m, n in zip(minutes.tolist(), counts.tolist(), strict=True)}


#: A customer's seconds, packed: the id as int64 and the seconds as float64, little-endian.
SECONDS = [("id", "<i8"), ("seconds", "<f8")]


def seconds_encode(seconds: Mapping[int, float]) -> bytes:
    """{customer: seconds} packed: unlike a tally, each customer's exact sum is kept, so a
    later stretch of the same day adds to it (reports/selectors/waits.py)."""
    import numpy as np

    return np.array(list(seconds.items()), dtype=SECONDS).tobytes()


def seconds_decode(blob: bytes | memoryview) -> dict[int, float]:
    """{customer: seconds} of `seconds_encode`'s bytes."""
    import numpy as np

    packed = np.frombuffer(blob, dtype=SECONDS)
    return dict(zip(packed["id"].tolist(), packed["seconds"].tolist(), strict=True))
