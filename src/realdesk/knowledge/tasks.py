"""Background work of the knowledge base: tasks take ids and only delegate."""

from django_tasks import task

from realdesk.core import periodic
from realdesk.knowledge.search.embedders import embedder
from realdesk.knowledge.search.vectors import embedding_refresh, embeddings_stale

STALE_SWEEP_SECONDS = 600


@task()
def article_embed(*, translation_id: int) -> bool:
    """Make (or drop) one translation's vectors after it changed."""
    model = embedder()
    return model is not None and embedding_refresh(translation_id=translation_id, embedder=model)


@periodic.every(STALE_SWEEP_SECONDS)
@task()
def articles_embed_stale() -> int:
    """Catch up what no change announced: every article after the model changed, and those
    edited while no worker ran. Returns how many were embedded."""
    model = embedder()
    if model is None:
        return 0
    return sum(
        embedding_refresh(translation_id=pk, embedder=model)
        for pk in embeddings_stale(embedder=model)
    )
