"""The within-article whitening: learnt only from enough passages, and it turns down the
directions in which one article's own passages differ."""

import numpy as np
import pytest

from realdesk.knowledge.search import vectors
from realdesk.knowledge.search.vectors import LEARN_FROM, VectorIndex, within_article_whitening

DIMENSIONS = 16


def _articles(count: int, per_article: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Articles on their own directions; their passages vary a lot along dimension 1."""
    blocks = []
    for _ in range(count):
        centre = np.zeros(DIMENSIONS)
        centre[2:] = rng.normal(0, 1, DIMENSIONS - 2)
        centre /= np.linalg.norm(centre)
        block = centre + rng.normal(0, 0.05, (per_article, DIMENSIONS))
        block[:, 1] += rng.normal(0, 1, per_article)
        blocks.append(block.astype(np.float32))
    return blocks


def _rows(blocks: list[np.ndarray] | dict[int, np.ndarray]) -> list[tuple[int, int, int, bytes]]:
    """Index rows of the blocks, each its own article; a dict's keys are the ids."""
    numbered = sorted(blocks.items()) if isinstance(blocks, dict) else enumerate(blocks)
    return [(pk, pk, DIMENSIONS, block.astype("float16").tobytes()) for pk, block in numbered]


def test_too_few_passages_keep_the_plain_cosine():
    blocks = _articles(3, 5, np.random.default_rng(1))
    assert sum(map(len, blocks)) < LEARN_FROM
    assert np.array_equal(within_article_whitening(blocks), np.eye(DIMENSIONS, dtype=np.float32))
    assert np.allclose(VectorIndex.build(_rows(blocks)).metric, np.eye(DIMENSIONS))


def test_the_spread_within_an_article_counts_less_than_the_other_directions():
    gains = np.linalg.norm(
        within_article_whitening(_articles(40, 30, np.random.default_rng(2))), axis=0
    )
    assert gains[1] < min(gains[2:]) / 2


def test_a_question_worded_along_that_spread_finds_its_article_by_a_wider_margin(monkeypatch):
    blocks = _articles(40, 30, np.random.default_rng(3))
    question = blocks[7].mean(axis=0)
    question[1] = 3.0  # far along the direction the passages vary in
    question /= np.linalg.norm(question)

    def margin() -> float:
        scores = VectorIndex.build(_rows(blocks)).scores(question)
        assert int(np.argmax(scores)) == 7
        return float(scores[7] - np.sort(scores)[-2])

    whitened = margin()
    monkeypatch.setattr(vectors, "LEARN_FROM", 10**9)  # the plain cosine on the same passages
    assert whitened > margin() * 1.5


def test_a_large_set_is_learnt_from_a_sample_that_still_finds_the_spread(monkeypatch):
    blocks = _articles(40, 30, np.random.default_rng(4))
    monkeypatch.setattr(vectors, "LEARN_FROM", 100)  # a small set stands for a large one
    every_fourth = within_article_whitening(blocks[::4])
    monkeypatch.setattr(vectors, "LEARN_AT_MOST", 300)  # of 1,200 passages
    sampled = within_article_whitening(blocks)
    assert np.array_equal(sampled, every_fourth)
    gains = np.linalg.norm(sampled, axis=0)
    assert gains[1] < min(gains[2:]) / 2


def test_an_index_brought_up_to_date_scores_as_one_built_afresh():
    rng = np.random.default_rng(5)
    before = dict(enumerate(_articles(40, 30, rng)))
    index = VectorIndex.build(_rows(before))
    after = {**before, 5: _articles(1, 12, rng)[0], 41: _articles(1, 3, rng)[0]}
    del after[20]
    edited = {pk: after[pk] for pk in (5, 41)}
    updated = index.without([5, 20]).plus(VectorIndex.build(_rows(edited), metric=index.metric))
    afresh = VectorIndex.build(_rows(after), metric=index.metric)

    question = before[7].mean(axis=0) / np.linalg.norm(before[7].mean(axis=0))
    assert dict(updated.nearest(question, limit=50)) == pytest.approx(
        dict(afresh.nearest(question, limit=50))
    )
    assert updated.nearest(question, limit=1)[0][0] == 7
    assert 20 not in updated.translation_ids
