"""Erlang C: how long a live queue (chat, phone) really makes people wait.

Pure arithmetic over an M/M/N queue: people arrive at random (Poisson), each takes an
average handle time, N agents answer in order. From that it gives the probability that a
newcomer waits at all, the average wait, the share answered within a target time, and
the agents a target needs. The chat widget and the phone queue tell people this wait
instead of a comforting guess, and the lead's staffing view asks it the other way round.

Erlang B is computed by its recurrence on the inverse (1/B(k) = 1 + k/(A·B(k-1))), which
never forms a factorial or a power, so it stays exact for hundreds of agents; Erlang C
follows from it in closed form.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Queue:
    """The demand on a queue: arrivals per hour and the average handle time."""

    arrivals_per_hour: float
    handle_seconds: float

    def __post_init__(self) -> None:
        if self.arrivals_per_hour < 0:
            raise ValueError("arrivals_per_hour must not be negative")
        if self.handle_seconds <= 0:
            raise ValueError("handle_seconds must be positive")

    @property
    def load(self) -> float:
        """Traffic intensity in erlangs: how many agents the work keeps busy on average."""
        return self.arrivals_per_hour / 3600 * self.handle_seconds


def wait_probability(queue: Queue, agents: int) -> float:
    """The probability that a newcomer finds every agent busy and has to wait.

    1 when the agents cannot keep up (the queue grows without end)."""
    load = queue.load
    if load == 0:
        return 0.0
    if agents <= load:
        return 1.0
    inverse_b = 1.0
    for k in range(1, agents + 1):
        inverse_b = 1 + inverse_b * k / load
    erlang_b = 1 / inverse_b
    return agents * erlang_b / (agents - load * (1 - erlang_b))


def expected_wait_seconds(queue: Queue, agents: int) -> float:
    """The average wait of a newcomer (those answered at once count as 0); infinite
    when the agents cannot keep up."""
    if queue.load == 0:
        return 0.0
    if agents <= queue.load:
        return math.inf
    return wait_probability(queue, agents) * queue.handle_seconds / (agents - queue.load)


def service_level(queue: Queue, agents: int, *, answer_within_seconds: float) -> float:
    """The share of newcomers answered within `answer_within_seconds`."""
    if agents <= queue.load:
        return 0.0 if queue.load else 1.0
    spare = agents - queue.load
    waiting_longer = wait_probability(queue, agents) * math.exp(
        -spare * answer_within_seconds / queue.handle_seconds
    )
    return max(0.0, 1 - waiting_longer)


def agents_needed(
    queue: Queue,
    *,
    service_level_target: float,
    answer_within_seconds: float,
    max_occupancy: float = 1.0,
) -> int:
    """The fewest agents that answer `service_level_target` of newcomers within
    `answer_within_seconds` (e.g. 80% within 20 s) without working busier than
    `max_occupancy` of their time."""
    if not 0 <= service_level_target < 1:
        raise ValueError("service_level_target must be in [0, 1)")
    if not 0 < max_occupancy <= 1:
        raise ValueError("max_occupancy must be in (0, 1]")
    if queue.load == 0:
        return 0
    agents = max(1, math.floor(queue.load) + 1, math.ceil(queue.load / max_occupancy))
    while service_level(queue, agents, answer_within_seconds=answer_within_seconds) < (
        service_level_target
    ):
        agents += 1
    return agents


def position_wait_seconds(*, position: int, agents_online: int, handle_seconds: float) -> float:
    """The expected wait of someone already in line at `position` (1 = next) while the
    `agents_online` are all busy: with exponential handle times they free up at a combined
    rate of agents/handle, and `position` of them must free up first. Infinite with
    nobody online: the caller must say so instead of quoting a wait."""
    if position < 1:
        raise ValueError("position starts at 1")
    if agents_online < 1:
        return math.inf
    return position * handle_seconds / agents_online
