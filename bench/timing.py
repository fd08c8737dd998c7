"""Timing helpers the benches share: repeated runs in milliseconds, percentiles."""

import os
import time
from collections.abc import Callable


def time_ms(run: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each of `runs` calls, in milliseconds, sorted."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def percentile(times: list[float], share: int) -> float:
    """The nearest-rank percentile of sorted times (p95 of 20 runs is the 19th)."""
    return times[max(0, round(share / 100 * len(times)) - 1)]


def load() -> str:
    """The machine's load averages (1, 5, 15 min): the benches share it with others."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def get_ms(client, url: str, runs: int) -> list[float]:
    """Server time of GETting a page through Django's test client, after one warm-up
    request (the connection, the template cache); every answer must be a 200."""
    client.get(url)

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return time_ms(get, runs)


def cpu_probe_ms() -> float:
    """Milliseconds one core takes for a fixed pure-Python loop (5 million additions),
    median of 3: the machine's speed at the moment, printed beside every figure. The
    shared machines these benches run on have been a third slower or faster from one hour
    to the next, which load averages do not show."""

    def loop() -> None:
        total = 0
        for number in range(5_000_000):
            total += number

    return time_ms(loop, 3)[1]
