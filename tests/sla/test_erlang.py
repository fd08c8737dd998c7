"""Erlang C against a published reference implementation.

The expected figures were computed with pyworkforce 0.5.4 (queuing.ErlangC: transactions
per interval, minutes) for the same inputs; its `asa` is the answer-time target of the
service level. Converted here to arrivals per hour and seconds.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from realdesk.sla.erlang import (
    Queue,
    agents_needed,
    expected_wait_seconds,
    position_wait_seconds,
    service_level,
    wait_probability,
)


def reference_queue(transactions: float, interval_minutes: float, aht_minutes: float) -> Queue:
    return Queue(
        arrivals_per_hour=transactions / interval_minutes * 60,
        handle_seconds=aht_minutes * 60,
    )


# (transactions, interval min, aht min, target min, agents, P(wait), service level)
PYWORKFORCE_VECTORS = [
    (100, 30, 3, 20 / 60, 11, 0.6821182046893323, 0.38961381172915344),
    (100, 30, 3, 20 / 60, 12, 0.4493882242982709, 0.6401580403740066),
    (100, 30, 3, 20 / 60, 14, 0.1741319335950498, 0.8883500191794669),
    (600, 60, 5, 0.5, 52, 0.6996140171793395, 0.4272044888508473),
    (600, 60, 5, 0.5, 55, 0.3845473179329288, 0.7667602615634169),
    (600, 60, 5, 0.5, 60, 0.11730205613220734, 0.9568469851418224),
    (30, 60, 8, 1, 5, 0.5541125541125541, 0.5109973873124319),
    (30, 60, 8, 1, 6, 0.2847608453837598, 0.7782280306270526),
    (30, 60, 8, 1, 8, 0.059043994695266104, 0.9641880069454111),
    (12000, 60, 4, 20 / 60, 805, 0.7976154083740298, 0.4741795155259203),
    (12000, 60, 4, 20 / 60, 810, 0.6274211663108289, 0.7273238851418922),
    (12000, 60, 4, 20 / 60, 830, 0.20517364361295445, 0.9831583217463703),
]

# (transactions, interval min, aht min, target min, service level target, agents)
PYWORKFORCE_REQUIRED = [
    (100, 30, 3, 20 / 60, 0.8, 14),
    (100, 30, 3, 20 / 60, 0.9, 15),
    (600, 60, 5, 0.5, 0.8, 56),
    (600, 60, 5, 0.5, 0.9, 58),
    (30, 60, 8, 1, 0.8, 7),
    (30, 60, 8, 1, 0.9, 7),
    (12000, 60, 4, 20 / 60, 0.8, 813),
    (12000, 60, 4, 20 / 60, 0.9, 818),
]


@pytest.mark.parametrize(
    ("transactions", "interval", "aht", "target", "agents", "p_wait", "level"),
    PYWORKFORCE_VECTORS,
)
def test_wait_probability_and_service_level_match_the_reference(
    transactions, interval, aht, target, agents, p_wait, level
):
    queue = reference_queue(transactions, interval, aht)
    assert wait_probability(queue, agents) == pytest.approx(p_wait, rel=1e-9)
    assert service_level(queue, agents, answer_within_seconds=target * 60) == pytest.approx(
        level, rel=1e-9
    )


@pytest.mark.parametrize(
    ("transactions", "interval", "aht", "target", "level", "agents"), PYWORKFORCE_REQUIRED
)
def test_agents_needed_matches_the_reference(transactions, interval, aht, target, level, agents):
    queue = reference_queue(transactions, interval, aht)
    needed = agents_needed(queue, service_level_target=level, answer_within_seconds=target * 60)
    assert needed == agents


def test_expected_wait_is_the_textbook_average_speed_of_answer():
    # 100 calls in 30 min, 3 min each, 14 agents: ASA = P(wait) * AHT / (N - A).
    queue = reference_queue(100, 30, 3)
    expected = 0.1741319335950498 * 180 / (14 - 10)
    assert expected_wait_seconds(queue, 14) == pytest.approx(expected, rel=1e-9)


def test_a_queue_the_agents_cannot_keep_up_with_never_promises_a_finite_wait():
    queue = reference_queue(100, 30, 3)  # 10 erlangs
    assert wait_probability(queue, 10) == 1.0
    assert expected_wait_seconds(queue, 9) == math.inf
    assert service_level(queue, 10, answer_within_seconds=60) == 0.0


def test_no_arrivals_needs_nobody_and_nobody_waits():
    queue = Queue(arrivals_per_hour=0, handle_seconds=300)
    assert wait_probability(queue, 0) == 0.0
    assert expected_wait_seconds(queue, 0) == 0.0
    assert agents_needed(queue, service_level_target=0.8, answer_within_seconds=20) == 0


def test_occupancy_cap_adds_agents_beyond_the_service_level():
    queue = reference_queue(600, 60, 5)  # 50 erlangs; 56 agents reach 80% in 30 s
    assert agents_needed(
        queue, service_level_target=0.8, answer_within_seconds=30, max_occupancy=0.85
    ) == math.ceil(50 / 0.85)


def test_stable_for_thousands_of_agents():
    queue = Queue(arrivals_per_hour=120_000, handle_seconds=240)  # 8,000 erlangs
    probability = wait_probability(queue, 8_100)
    assert 0 < probability < 1
    assert agents_needed(queue, service_level_target=0.8, answer_within_seconds=20) > 8_000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arrivals_per_hour": -1, "handle_seconds": 60}, "arrivals_per_hour"),
        ({"arrivals_per_hour": 1, "handle_seconds": 0}, "handle_seconds"),
    ],
)
def test_impossible_demand_is_refused_with_a_reason(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Queue(**kwargs)


def test_impossible_targets_are_refused_with_a_reason():
    queue = reference_queue(100, 30, 3)
    with pytest.raises(ValueError, match="service_level_target"):
        agents_needed(queue, service_level_target=1.0, answer_within_seconds=20)
    with pytest.raises(ValueError, match="max_occupancy"):
        agents_needed(queue, service_level_target=0.8, answer_within_seconds=20, max_occupancy=0)


def test_the_wait_of_someone_in_line_grows_with_their_position():
    assert position_wait_seconds(position=1, agents_online=4, handle_seconds=240) == 60
    assert position_wait_seconds(position=6, agents_online=4, handle_seconds=240) == 360
    assert position_wait_seconds(position=1, agents_online=0, handle_seconds=240) == math.inf
    with pytest.raises(ValueError, match="position"):
        position_wait_seconds(position=0, agents_online=1, handle_seconds=240)


@given(
    arrivals=st.floats(min_value=0.5, max_value=5_000),
    handle=st.floats(min_value=10, max_value=3_600),
    extra=st.integers(min_value=1, max_value=50),
)
def test_more_agents_never_make_anyone_wait_longer(arrivals, handle, extra):
    queue = Queue(arrivals_per_hour=arrivals, handle_seconds=handle)
    agents = math.floor(queue.load) + 1
    fewer = wait_probability(queue, agents)
    more = wait_probability(queue, agents + extra)
    assert 0 <= more <= fewer <= 1
    assert expected_wait_seconds(queue, agents + extra) <= expected_wait_seconds(queue, agents)
