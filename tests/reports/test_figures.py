"""The arithmetic of the figures, on known answers."""

from datetime import timedelta

import pytest

from realdesk.reports.figures import (
    Nps,
    Trend,
    bucket_labels,
    distribution,
    duration_label,
    histogram,
    percentile,
    rate,
)

H = 3600


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 0.5, None),
        ([7], 0.5, 7),
        ([7], 0.9, 7),
        ([1, 2, 3], 0.5, 2),
        ([1, 2, 3, 10], 0.5, 2.5),  # the mean of the middle two
        ([1, 2, 3, 10], 0.9, 7.9),  # 3 + 0.7 * (10 - 3)
        (list(range(1, 11)), 0.9, 9.1),
        ([5, 5, 5, 5], 0.9, 5),
        ([1, 100], 0.0, 1),
        ([1, 100], 1.0, 100),
    ],
)
def test_percentile(values, share, expected):
    assert percentile(values, share) == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("values", "edges", "counts"),
    [
        ([], [10, 20], (0, 0, 0)),
        ([0, 9.9, 10, 19, 20, 500], [10, 20], (2, 2, 2)),  # an edge belongs to the bucket above
        ([30, 40], [10, 20], (0, 0, 2)),
    ],
)
def test_histogram(values, edges, counts):
    assert histogram(values, edges) == counts


def test_distribution_of_response_times():
    seconds = [0.5 * H, 2 * H, 3 * H, 9 * H, 30 * H, 200 * H]
    result = distribution(seconds)
    assert result.count == 6
    assert result.median == 6 * H  # between 3 h and 9 h
    assert result.p90 == pytest.approx(115 * H)  # 30 h + 0.5 * 170 h
    assert result.buckets == (1, 2, 0, 1, 1, 0, 1)
    assert len(bucket_labels()) == len(result.buckets)
    assert bucket_labels() == [
        *("< 1 h", "1 h-4 h", "4 h-8 h", "8 h-24 h", "24 h-3 d", "3 d-7 d", "≥ 7 d")
    ]


def test_an_empty_distribution_has_no_median():
    result = distribution([])
    assert (result.count, result.median, result.p90) == (0, None, None)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (None, "—"),
        (timedelta(minutes=45), "45 min"),
        (90 * 60, "1.5 h"),
        (timedelta(hours=4), "4 h"),
        (timedelta(hours=47), "47 h"),
        (timedelta(days=3), "3 d"),
        (timedelta(days=7, hours=12), "7.5 d"),
    ],
)
def test_duration_label(value, label):
    assert duration_label(value) == label


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(0, 0, None), (0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0)]
)
def test_rate_is_none_when_nothing_was_measured(part, whole, expected):
    assert rate(part, whole) == expected


@pytest.mark.parametrize(
    ("bands", "score"),
    [
        (Nps(0, 0, 0), None),
        (Nps(promoters=5, passives=3, detractors=2), 30.0),
        (Nps(promoters=0, passives=0, detractors=4), -100.0),
        (Nps(promoters=1, passives=2, detractors=1), 0.0),
    ],
)
def test_nps_is_promoters_minus_detractors_in_points(bands, score):
    assert bands.score == score


@pytest.mark.parametrize(
    ("trend", "change", "better"),
    [
        (Trend(0.9, 0.8), pytest.approx(0.1), True),
        (Trend(0.7, 0.8), pytest.approx(-0.1), False),
        (Trend(3600, 7200, lower_is_better=True), -3600, True),  # a shorter wait
        (Trend(7200, 3600, lower_is_better=True), 3600, False),
        (Trend(0.5, 0.5), 0, None),
        (Trend(0.5, None), None, None),  # nothing to compare with
        (Trend(None, 0.5), None, None),
    ],
)
def test_trend_judges_by_the_figures_direction(trend, change, better):
    assert trend.change == change
    assert trend.better is better
