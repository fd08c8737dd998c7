"""Keeping the clusters of questions in the database: each new question joins one as it
is recorded, and a nightly pass re-clusters the last weeks (clustering.py says why both)."""

from collections import Counter
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import Max

from realdesk.knowledge.models import QuestionCluster, TicketQuestion
from realdesk.knowledge.questions.clustering import nearest, recluster
from realdesk.knowledge.questions.vectors import from_bytes, matrix_of, threshold_for
from realdesk.knowledge.search.embedders import Embedder

# Measured on banking77 (tests/knowledge/questions/test_clustering_banking77.py): adjusted
# Rand index .48 at 0.55, .49 at 0.6, .35 at 0.7 with the sentence model.
CLUSTER_SIMILAR = {"semantic": 0.55, "words": 0.5}
ACTIVE = timedelta(days=60)  # a question joins clusters asked within this time only
RECLUSTER_WINDOW = timedelta(days=30)


def cluster_threshold(model: Embedder) -> float:
    return threshold_for(model, CLUSTER_SIMILAR)


def _centroid_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(np.float32).tobytes()


def _centroid(cluster_bytes: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(cluster_bytes), dtype=np.float32)


def question_cluster(*, question: TicketQuestion, model: Embedder) -> QuestionCluster:
    """Put one recorded question into the nearest recent cluster, or a new one."""
    vector = from_bytes(question.vector)
    recent = QuestionCluster.objects.filter(
        model=model.name, last_asked_at__gte=question.asked_at - ACTIVE
    ).values_list("pk", "centroid")
    rows = list(recent)
    centroids = np.stack([_centroid(data) for _, data in rows]) if rows else np.zeros((0, 1))
    found = nearest(centroids, vector, threshold=cluster_threshold(model))
    with transaction.atomic():
        if found is None:
            cluster = QuestionCluster.objects.create(
                model=model.name,
                centroid=_centroid_bytes(vector),
                size=1,
                last_asked_at=question.asked_at,
            )
        else:
            # Locked and read again: another worker may have added a question meanwhile.
            cluster = QuestionCluster.objects.select_for_update().get(pk=rows[found][0])
            cluster.centroid = _centroid_bytes(_centroid(cluster.centroid) + vector)
            cluster.size += 1
            cluster.last_asked_at = max(cluster.last_asked_at, question.asked_at)
            cluster.save(update_fields=["centroid", "size", "last_asked_at"])
        TicketQuestion.objects.filter(pk=question.pk).update(cluster=cluster)
    question.cluster = cluster
    return cluster


def questions_recluster(*, model: Embedder, now: datetime) -> int:
    """Cluster the window's questions again as a whole. A new group keeps the identity of
    the cluster most of its questions were in (and with it the article drafted from it);
    clusters left empty and without an article go. Returns the number of clusters."""
    window = list(
        TicketQuestion.objects.filter(model=model.name, asked_at__gte=now - RECLUSTER_WINDOW)
        .order_by("asked_at", "pk")
        .values_list("pk", "cluster_id", "vector")
    )
    if not window:
        return 0
    labels = recluster(matrix_of((row[2] for row in window), 1), threshold=cluster_threshold(model))
    members: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        members.setdefault(int(label), []).append(row)
    with transaction.atomic():
        taken: set[int] = set()
        for rows in sorted(members.values(), key=len, reverse=True):
            before = Counter(window[row][1] for row in rows if window[row][1] is not None)
            keep = next((pk for pk, _ in before.most_common() if pk not in taken), None)
            if keep is None:
                keep = QuestionCluster.objects.create(
                    model=model.name, centroid=b"", last_asked_at=now
                ).pk
            taken.add(keep)
            TicketQuestion.objects.filter(pk__in=[window[row][0] for row in rows]).update(
                cluster_id=keep
            )
        touched = taken | {row[1] for row in window if row[1] is not None}
        for cluster in QuestionCluster.objects.select_for_update().filter(pk__in=touched):
            _recount(cluster)
    return len(members)


def _recount(cluster: QuestionCluster) -> None:
    """Centroid, size and latest question from the members themselves."""
    questions = cluster.questions.all()
    if not questions.exists():
        if cluster.article_id is None:
            cluster.delete()
        else:
            cluster.size = 0
            cluster.save(update_fields=["size"])
        return
    vectors = matrix_of(questions.values_list("vector", flat=True), 1)
    cluster.centroid = _centroid_bytes(vectors.sum(axis=0))
    cluster.size = len(vectors)
    cluster.last_asked_at = questions.aggregate(Max("asked_at"))["asked_at__max"]
    cluster.save(update_fields=["centroid", "size", "last_asked_at"])
