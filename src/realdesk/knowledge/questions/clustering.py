"""Grouping questions that mean the same (pure: numpy in, numpy out).

Incremental: a new question joins the cluster whose centroid (the normalised sum of its
members) is nearest, if that cosine reaches the threshold, else starts its own. Cheap, and a
cluster's count is right the moment the question arrives. Its weakness is order: the first
questions of a topic decide where its centroid starts, and two clusters that grew towards
each other stay apart. So `recluster` runs the same assignment over a whole window again,
then a few passes that move each question to its nearest centroid and recompute them
(k-means steps with a threshold, no k to choose). Measured on banking77 in
tests/knowledge/questions/test_clustering_banking77.py.
"""

import numpy as np

REFINE_PASSES = 3


def normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def nearest(centroids: np.ndarray, vector: np.ndarray, *, threshold: float) -> int | None:
    """The index of the nearest centroid (rows need not be normalised), if near enough."""
    if not len(centroids):
        return None
    scores = normalised(centroids) @ vector
    best = int(np.argmax(scores))
    return best if scores[best] >= threshold else None


def assign(matrix: np.ndarray, *, threshold: float) -> np.ndarray:
    """One label per row, in order, each row joining or starting a cluster."""
    sums: list[np.ndarray] = []
    labels = np.empty(len(matrix), dtype=np.int64)
    for row, vector in enumerate(matrix):
        found = nearest(np.array(sums), vector, threshold=threshold) if sums else None
        if found is None:
            sums.append(vector.astype(np.float64).copy())
            found = len(sums) - 1
        else:
            sums[found] += vector
        labels[row] = found
    return labels


def _centroids(matrix: np.ndarray, labels: np.ndarray) -> np.ndarray:
    sums = np.zeros((labels.max() + 1, matrix.shape[1]))
    np.add.at(sums, labels, matrix)
    return normalised(sums)


def _compact(labels: np.ndarray) -> np.ndarray:
    return np.unique(labels, return_inverse=True)[1]


def recluster(matrix: np.ndarray, *, threshold: float) -> np.ndarray:
    """Labels for a whole window: the incremental assignment, then refining passes."""
    if not len(matrix):
        return np.zeros(0, dtype=np.int64)
    labels = assign(matrix, threshold=threshold)
    for _ in range(REFINE_PASSES):
        centroids = _centroids(matrix, labels)
        scores = matrix @ centroids.T
        best = scores.argmax(axis=1)
        # A question no centroid reaches keeps its own cluster rather than joining a far one.
        moved = np.where(scores[np.arange(len(matrix)), best] >= threshold, best, labels)
        moved = _compact(moved)
        if np.array_equal(moved, labels):
            break
        labels = moved
    return labels
