"""Fusing the full-text and the semantic candidates into one ranking (pure).

A weighted sum of scores, not of ranks: the semantic cosine as it is, plus the full-text
score as a share of the best one, weighted LEXICAL_WEIGHT. On banking77 (docs/knowledge.md)
weights from 0.1 to 0.3 were within a point of each other, 0.15 in the middle of the best
since the cosines are taken after the within-article whitening (vectors.py); reciprocal rank
fusion, whatever its k, stayed two points of Recall@1 below, since it forgets how far
apart two candidates are. A score sum also keeps "a share of the best match" meaningful
for the cutoffs beside the request form, which a rank sum would flatten.
"""

LEXICAL_WEIGHT = 0.15
# Below this cosine a text shares little more than the language with the question; such
# candidates would pad every result list (banking77's right answers scored 0.77 at median).
MIN_SIMILARITY = 0.4


def fuse(
    lexical: list[tuple[int, float]], semantic: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """(id, score) pairs of both searches as one list, best first. Without semantic
    candidates the full-text ranking stands as it is."""
    fused = {pk: score for pk, score in semantic if score >= MIN_SIMILARITY}
    if not fused:
        return lexical
    best = max((score for _, score in lexical), default=0.0)
    for pk, score in lexical:
        if best > 0:
            fused[pk] = fused.get(pk, 0.0) + LEXICAL_WEIGHT * score / best
    return sorted(fused.items(), key=lambda hit: (-hit[1], hit[0]))
