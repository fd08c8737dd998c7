"""Semantic search: the stored vectors of each language, searched in memory with numpy.

An article is cut into passages (its title, its keywords, each paragraph) and each gets a
vector. A question scores a translation by its best passage plus the passages' mean: the
best passage finds the one paragraph that answers, the mean keeps an article about the
whole topic ahead of one that mentions it once (on banking77 the sum beat either alone by
two to three points of Recall@1).

Before comparing, every vector is whitened by how an article's own passages differ from
each other (a linear discriminant, as speaker verification uses): directions in which
passages of one article vary (wording, length) count less, directions that tell articles
apart count more. It is learnt from the published passages themselves (a sample of a
large set) when a process builds its index, and shrunk towards the plain cosine; a
knowledge base of fewer than LEARN_FROM passages has too few to learn a spread in 512
directions and searches with the plain cosine. On banking77 it moved Recall@1 of the
vectors alone from .82 to .85 (docs/knowledge.md).

Each process keeps one whitened matrix per language and model; when the count or the latest
change of its rows moves, it reads and whitens only the translations that changed.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from realdesk.core.config_cache import remembered_in_process
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import ArticleEmbedding, ArticleTranslation
from realdesk.knowledge.search.embedders import Embedder

if TYPE_CHECKING:  # numpy loads with the first index, so starting a command stays light
    import numpy as np

MAX_PASSAGES = 32  # a long article's first paragraphs carry its topic; cap the row's size
PASSAGE_CHARACTERS = 1000
STORED = "float16"  # half the bytes; cosines move in the fourth decimal
# The within-article spread is shrunk towards its mean variance times this: 2 was best on
# banking77, and 0.5 to 4 were within half a point of each other.
SHRINKAGE = 2.0
LEARN_FROM = 1000  # passages: about twice the model's dimensions (banking77 has 1,617)
LEARN_AT_MOST = 20_000  # passages: the metric is learnt from a sample of larger sets
# More changed translations than this since a process last looked: all are read again (one
# query instead of a long list of ids; a model change rewrites every row anyway).
FEW_CHANGED = 500


def passages(translation: ArticleTranslation) -> list[str]:
    """What one vector each stands for: the title, the keywords, then each paragraph."""
    lines = [line.strip() for line in translation.body_text.splitlines()]
    texts = [translation.title, translation.article.keywords, *lines]
    return [text[:PASSAGE_CHARACTERS] for text in texts if text][:MAX_PASSAGES]


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()


def embedding_refresh(*, translation_id: int, embedder: Embedder) -> bool:
    """Bring one translation's vectors in step with its text: made for a published one
    whose words or model changed, removed for a draft or a deleted one. True if written."""
    translation = (
        ArticleTranslation.objects.select_related("article").filter(pk=translation_id).first()
    )
    if translation is None or translation.status != ArticleStatus.PUBLISHED:
        ArticleEmbedding.objects.filter(translation_id=translation_id).delete()
        return False
    texts = passages(translation)
    digest = _digest(texts)
    stored = ArticleEmbedding.objects.filter(translation=translation).first()
    if stored and stored.model == embedder.name and stored.source_hash == digest:
        return False
    # The model runs outside any transaction: no lock is held while it thinks.
    vectors = embedder.embed(texts)
    with transaction.atomic():
        if not ArticleTranslation.objects.filter(
            pk=translation_id, status=ArticleStatus.PUBLISHED
        ).exists():
            return False  # taken back to draft while the model ran; its own task follows
        ArticleEmbedding.objects.update_or_create(
            translation_id=translation_id,
            defaults={
                "language": translation.language,
                "model": embedder.name,
                "source_hash": digest,
                "dimensions": vectors.shape[1],
                "vectors": vectors.astype(STORED).tobytes(),
                "updated_at": timezone.now(),
            },
        )
    return True


def embeddings_stale(*, embedder: Embedder) -> list[int]:
    """Published translations without vectors of this model: all of them after a model
    change, a few after a worker was down when they changed."""
    current = ArticleEmbedding.objects.filter(model=embedder.name).values("translation_id")
    return list(
        ArticleTranslation.objects.filter(status=ArticleStatus.PUBLISHED)
        .exclude(pk__in=current)
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class VectorIndex:
    translation_ids: np.ndarray  # (translations,)
    article_ids: np.ndarray  # (translations,)
    passages: np.ndarray  # (passages, dimensions) float32, rows of a translation together
    starts: np.ndarray  # (translations,) each translation's first row in `passages`
    means: np.ndarray  # (translations, dimensions) normalised mean of each one's passages
    metric: np.ndarray  # (dimensions, dimensions) the whitening every vector passes through
    learnt_from: int  # passages in the index when the metric was learnt

    @classmethod
    def build(
        cls, rows: list[tuple[int, int, int, bytes]], *, metric: np.ndarray | None = None
    ) -> VectorIndex:
        """The index of these (translation id, article id, dimensions, vectors) rows, whitened
        by `metric`, or by one learnt from them when none is given."""
        import numpy as np

        from realdesk.knowledge.questions.clustering import normalised  # numpy, loaded here

        raw = [
            np.frombuffer(bytes(data), dtype=STORED).reshape(-1, dims).astype(np.float32)
            for _, _, dims, data in rows
        ]
        learnt_from = 0  # for a given metric the caller knows what it was learnt from
        if metric is None:
            learnt_from = sum(len(block) for block in raw)
            metric = within_article_whitening(raw) if raw else np.eye(1, dtype=np.float32)
        if not raw:
            empty = np.zeros((0, len(metric)), dtype=np.float32)
            none = np.zeros(0, dtype=np.int64)
            return cls(none, none, empty, none, empty, metric, learnt_from)
        starts = np.cumsum([0] + [len(block) for block in raw[:-1]])
        passages = normalised(np.concatenate(raw) @ metric)  # one product, not one per row
        return cls(
            translation_ids=np.array([row[0] for row in rows], dtype=np.int64),
            article_ids=np.array([row[1] for row in rows], dtype=np.int64),
            passages=passages,
            starts=starts,
            # The sum points where the mean does: normalised, they are the same vector.
            means=normalised(np.add.reduceat(passages, starts)),
            metric=metric,
            learnt_from=learnt_from,
        )

    def without(self, translation_ids: Iterable[int]) -> VectorIndex:
        """This index less those translations' rows (changed or gone), same metric."""
        import numpy as np

        keep = ~np.isin(self.translation_ids, np.fromiter(translation_ids, dtype=np.int64))
        if keep.all():
            return self
        lengths = np.diff(np.append(self.starts, len(self.passages)))
        kept = lengths[keep]
        return replace(
            self,
            translation_ids=self.translation_ids[keep],
            article_ids=self.article_ids[keep],
            passages=self.passages[np.repeat(keep, lengths)],
            starts=np.cumsum(np.append(0, kept[:-1])) if len(kept) else kept,
            means=self.means[keep],
        )

    def plus(self, other: VectorIndex) -> VectorIndex:
        """Both indexes' rows as one, under this one's metric (`other` must share it)."""
        import numpy as np

        return replace(
            self,
            translation_ids=np.concatenate([self.translation_ids, other.translation_ids]),
            article_ids=np.concatenate([self.article_ids, other.article_ids]),
            passages=np.concatenate([self.passages, other.passages]),
            starts=np.concatenate([self.starts, other.starts + len(self.passages)]),
            means=np.concatenate([self.means, other.means]),
        )

    def scores(self, question: np.ndarray) -> np.ndarray:
        """Each translation's score for a normalised question vector, in [-1, 1]."""
        import numpy as np

        from realdesk.knowledge.questions.clustering import normalised

        if not len(self.translation_ids):
            return np.zeros(0, dtype=np.float32)
        question = normalised(question @ self.metric)
        best = np.maximum.reduceat(self.passages @ question, self.starts)
        return (best + self.means @ question) / 2

    def nearest(self, question: np.ndarray, *, limit: int) -> list[tuple[int, float]]:
        """(translation id, score) of the `limit` best translations, best first."""
        import numpy as np

        scores = self.scores(question)
        if len(scores) > limit:  # a partition, then a sort of only the few kept
            top = np.argpartition(-scores, limit)[:limit]
        else:
            top = np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return list(zip(self.translation_ids[top].tolist(), scores[top].tolist(), strict=True))


def within_article_whitening(blocks: list[np.ndarray]) -> np.ndarray:
    """The symmetric matrix that makes the passages' spread within their own article equal
    in every direction, shrunk towards the identity (the plain cosine): with too few
    passages, or no article of two, there is no spread to learn and the identity comes back.

    Learnt from every n-th article so that at most LEARN_AT_MOST passages count: the spread
    in 512 directions is as well known from 20,000 passages as from 100,000, and learning it
    costs in proportion (seconds at 10,000 articles, docs/performance.md)."""
    import numpy as np

    dimensions = blocks[0].shape[1]
    count = sum(len(block) for block in blocks)
    if count < LEARN_FROM:
        return np.eye(dimensions, dtype=np.float32)
    sample = blocks[:: -(-count // LEARN_AT_MOST)]
    spread = np.concatenate([block - block.mean(axis=0) for block in sample])
    within = (spread.T @ spread).astype(np.float64) / len(spread)
    mean_variance = np.trace(within) / dimensions
    if mean_variance <= 1e-12:
        return np.eye(dimensions, dtype=np.float32)
    values, vectors = np.linalg.eigh(within + SHRINKAGE * mean_variance * np.eye(dimensions))
    return ((vectors / np.sqrt(values)) @ vectors.T).astype(np.float32)


def _relearn(index: VectorIndex) -> bool:
    """Whether the metric is due to be learnt again: not after each change (one article moves
    the spread of thousands of passages by nothing) but once the passages doubled or halved,
    or first reached enough to learn from."""
    now, learnt = len(index.passages), index.learnt_from
    return not learnt / 2 <= now <= learnt * 2 or learnt < LEARN_FROM <= now


@dataclass(frozen=True)
class _Cached:
    stamp: tuple
    index: VectorIndex
    versions: dict[int, object]  # translation id -> updated_at of its rows in the index


_indexes: dict[tuple[str, str], _Cached] = {}
_building = threading.Lock()


def vector_index(*, language: str, embedder: Embedder) -> VectorIndex:
    """This process's index of a language's published vectors, brought up to date when
    they changed: only the changed translations are read and whitened, with the metric
    learnt before (see _relearn), so the first question after an edit does not pay for
    every other article again."""
    stored = ArticleEmbedding.objects.filter(model=embedder.name, language=language)
    rows = stored.filter(translation__status=ArticleStatus.PUBLISHED)
    stamp = _stored_stamp(embedder.name, language)
    key = (embedder.name, language)
    with _building:  # one rebuild per change, not one per waiting request
        cached = _indexes.get(key)
        if cached and cached.stamp == stamp:
            return cached.index
        versions = dict(rows.values_list("translation_id", "updated_at"))
        changed = [pk for pk, at in versions.items() if not cached or cached.versions.get(pk) != at]
        index = None
        if cached and len(changed) <= FEW_CHANGED:
            kept = cached.index.without([*changed, *(cached.versions.keys() - versions.keys())])
            if len(kept.translation_ids):
                fresh = _all(rows.filter(translation_id__in=changed))
                index = kept.plus(VectorIndex.build(fresh, metric=kept.metric))
        if index is None or _relearn(index):
            index = VectorIndex.build(_all(rows))
        _indexes[key] = _Cached(stamp, index, versions)
        return index


@remembered_in_process(ArticleEmbedding, ArticleTranslation)
def _stored_stamp(model: str, language: str) -> tuple:
    """When a language's vectors last changed, and how many: counted again only after a
    write to them (remembered like configuration, core/config_cache.py), not on every
    question (a count of every vector, ~3 ms of each search at 10,000 articles)."""
    stored = ArticleEmbedding.objects.filter(model=model, language=language)
    return tuple(stored.aggregate(Max("updated_at"), Count("pk")).values())


def _all(rows) -> list[tuple[int, int, int, bytes]]:
    return list(
        rows.order_by("translation_id").values_list(
            "translation_id", "translation__article_id", "dimensions", "vectors"
        )
    )
