"""The clustering arithmetic (pure), table-driven on small hand-made vectors."""

import numpy as np
import pytest

from realdesk.knowledge.questions.clustering import assign, nearest, recluster

A, B = np.array([1.0, 0.0]), np.array([0.0, 1.0])
NEAR_A = np.array([0.9, 0.436])  # cosine .9 with A, .44 with B


@pytest.mark.parametrize(
    ("rows", "threshold", "labels"),
    [
        ([A, A, B], 0.8, [0, 0, 1]),
        ([A, NEAR_A, B], 0.8, [0, 0, 1]),
        ([A, NEAR_A, B], 0.95, [0, 1, 2]),
        ([B, A, NEAR_A, B], 0.8, [0, 1, 1, 0]),
    ],
)
def test_each_row_joins_the_nearest_centroid_or_starts_one(rows, threshold, labels):
    assert assign(np.array(rows), threshold=threshold).tolist() == labels


def test_nearest_reads_unnormalised_sums_and_refuses_far_ones():
    sums = np.array([3 * A, 2 * B])  # three questions near A, two near B
    assert nearest(sums, NEAR_A, threshold=0.8) == 0
    assert nearest(sums, np.array([-1.0, 0.0]), threshold=0.8) is None
    assert nearest(np.zeros((0, 2)), A, threshold=0.8) is None


def test_recluster_moves_a_question_that_arrived_before_its_group():
    # The first row lies between the groups and starts a cluster the A-like rows join;
    # once the centroid settles near A, the in-between row is still closer to it than to
    # B's, while the A-like rows stay together.
    between = np.array([0.75, 0.66])
    rows = np.array([between, A, A, A, B, B])
    rows = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    labels = recluster(rows, threshold=0.7)
    assert labels[1] == labels[2] == labels[3]
    assert labels[4] == labels[5] != labels[1]
    assert recluster(np.zeros((0, 2)), threshold=0.7).tolist() == []
