"""Background work of the knowledge base: tasks take ids and only delegate."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from realdesk.core import periodic
from realdesk.knowledge.search.embedders import embedder

# The vector code (numpy) is imported inside the tasks: whoever only enqueues them (the
# email pipeline, `realdesk ingest`) starts without it.

STALE_SWEEP_SECONDS = 600


@task()
def article_embed(*, translation_id: int) -> bool:
    """Make (or drop) one translation's vectors after it changed."""
    from realdesk.knowledge.search.vectors import embedding_refresh

    model = embedder()
    return model is not None and embedding_refresh(translation_id=translation_id, embedder=model)


@periodic.every(STALE_SWEEP_SECONDS)
@task()
def articles_embed_stale() -> int:
    """Catch up what no change announced: every article after the model changed, and those
    edited while no worker ran. Returns how many were embedded."""
    from realdesk.knowledge.search.vectors import embedding_refresh, embeddings_stale

    model = embedder()
    if model is None:
        return 0
    return sum(
        embedding_refresh(translation_id=pk, embedder=model)
        for pk in embeddings_stale(embedder=model)
    )


QUESTIONS_CATCH_UP = timedelta(days=14)  # what the FAQ candidates look back on
QUESTIONS_BATCH = 2000
EMBED_BATCH = 64  # questions per call of the model


@task()
def questions_record(*, ticket_ids: list[int]) -> int:
    """Embed these tickets' questions. Returns how many were recorded. New tickets no longer
    queue it (knowledge/reactions.py gathers them); kept for the calls queued before."""
    return _record(ticket_ids)


def _record(ticket_ids: list[int]) -> int:
    """Record each question, embedded in batches, and put it in its cluster: the
    candidates' counts are current as soon as the question is."""
    from realdesk.knowledge.questions.clusters import question_cluster
    from realdesk.knowledge.questions.vectors import question_embedder, questions_record_batch

    model = question_embedder()
    recorded = 0
    for start in range(0, len(ticket_ids), EMBED_BATCH):
        batch = ticket_ids[start : start + EMBED_BATCH]
        questions = questions_record_batch(ticket_ids=batch, model=model)
        for pk in batch:
            question = questions.get(pk)
            if question is None:
                continue
            if question.cluster_id is None:
                question_cluster(question=question, model=model)
            recorded += 1
    return recorded


@periodic.every(STALE_SWEEP_SECONDS)
@task()
def questions_record_missing() -> int:
    """The questions of recent tickets not recorded yet: those asked since the last run
    (queued, deferred, by knowledge/reactions.py), and any a worker down or a model
    change left behind (every 10 minutes)."""
    from realdesk.knowledge.questions.vectors import question_embedder, questions_unrecorded

    model = question_embedder()
    since = timezone.now() - QUESTIONS_CATCH_UP
    missing = questions_unrecorded(model=model, since=since).values_list("pk", flat=True)
    return _record(list(missing[:QUESTIONS_BATCH]))


@periodic.every(24 * 3600)
@task()
def questions_recluster_nightly() -> int:
    """Cluster the last weeks' questions again as a whole (see questions/clustering.py)."""
    from realdesk.knowledge.questions.clusters import questions_recluster
    from realdesk.knowledge.questions.vectors import question_embedder

    return questions_recluster(model=question_embedder(), now=timezone.now())
