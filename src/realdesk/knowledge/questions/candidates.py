"""FAQ candidates: questions asked again and again that the knowledge base does not answer.

A cluster is a candidate when `REALDESK_FAQ_CANDIDATE_MIN` of its questions came in the
last `WINDOW`, and no published article answers it: none scores `REALDESK_FAQ_MATCH_SCORE`
for its most typical question, or the one that does deflects fewer than
`REALDESK_FAQ_DEFLECTION_TARGET` of the people who ask (helpful answers beside the request
form against tickets still opened). Once an article drafted from a cluster is published,
the cluster is followed instead: its weekly volume before and after.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.knowledge.choices import ArticleStatus, FeedbackSource
from realdesk.knowledge.models import ArticleFeedback, QuestionCluster, TicketQuestion
from realdesk.knowledge.policy import check_faq_candidates_reader
from realdesk.knowledge.questions.clustering import normalised
from realdesk.knowledge.questions.clusters import cluster_threshold
from realdesk.knowledge.questions.similar import solving_reply
from realdesk.knowledge.questions.vectors import matrix_of, question_embedder
from realdesk.knowledge.search import Result, search_articles
from realdesk.knowledge.search.embedders import HashedWords
from realdesk.tickets.models import Message

logger = logging.getLogger(__name__)

WINDOW = timedelta(days=14)
EXAMPLES = 5
WEEK = timedelta(days=7)
BEFORE = 4 * WEEK  # the volume a published article is measured against


@dataclass(frozen=True)
class Candidate:
    cluster: QuestionCluster
    asked: int  # in the window
    question: str  # the most typical one: nearest the centroid
    language: str
    examples: list[str]
    answer: Message | None  # the reply that solved the most typical solved question
    article: Result | None  # the best article found, if one scored the match threshold
    deflection: float | None  # that article's deflection rate in the window


@dataclass(frozen=True)
class Followed:
    cluster: QuestionCluster
    title: str
    published_at: datetime
    before: int  # questions in the BEFORE weeks before publishing
    after: int  # questions since
    weekly_before: float
    weekly_after: float


def _members_by_typicality(cluster: QuestionCluster, *, since: datetime) -> list[TicketQuestion]:
    members = list(
        cluster.questions.filter(asked_at__gte=since).select_related("ticket").order_by("pk")
    )
    if not members:
        return []
    centroid = normalised(np.frombuffer(bytes(cluster.centroid), dtype=np.float32))
    scores = matrix_of((m.vector for m in members), len(centroid)) @ centroid
    return [members[i] for i in np.argsort(-scores, kind="stable")]


def _answers(question: str, found: Result) -> bool:
    """Whether the best search result answers the question. Hybrid scores have a scale
    (a cosine plus a share of the lexical one); full-text scores alone do not (bm25 over
    one article is near zero), so without a model the question's words are compared with
    the article's title and opening words instead."""
    model = question_embedder()
    if isinstance(model, HashedWords):
        pair = model.embed([question, f"{found.title} {found.snippet}"])
        return float(pair[0] @ pair[1]) >= cluster_threshold(model)
    return found.score >= settings.REALDESK_FAQ_MATCH_SCORE


def _best_article(question: str, *, language: str) -> Result | None:
    try:
        with transaction.atomic():  # a failed search must not abort the page's transaction
            found = search_articles(question, language=language, limit=1)
    except Exception:
        logger.exception("searching articles for an FAQ candidate failed")
        return None
    return found[0] if found and _answers(question, found[0]) else None


def _deflection(article: Result, *, asked: int, since: datetime) -> float:
    deflected = ArticleFeedback.objects.filter(
        article_id=article.article_id,
        helpful=True,
        source=FeedbackSource.REQUEST_FORM,
        created_at__gte=since,
    ).count()
    return deflected / (deflected + asked)


def candidate_of(cluster: QuestionCluster, *, asked: int, since: datetime) -> Candidate | None:
    """The cluster as a candidate, or None when an article already answers it well."""
    members = _members_by_typicality(cluster, since=since)
    if not members:
        return None
    typical = members[0]
    language = typical.language or settings.LANGUAGE_CODE
    article = _best_article(typical.text, language=language)
    deflection = article and _deflection(article, asked=asked, since=since)
    if article and deflection >= settings.REALDESK_FAQ_DEFLECTION_TARGET:
        return None
    answer = next(
        (reply for m in members if m.ticket.solved_at and (reply := solving_reply(m.ticket))),
        None,
    )
    return Candidate(
        cluster=cluster,
        asked=asked,
        question=typical.text,
        language=language,
        examples=list(dict.fromkeys(m.text for m in members))[:EXAMPLES],
        answer=answer,
        article=article,
        deflection=deflection if article else None,
    )


def _recent_counts(*, since: datetime):
    return QuestionCluster.objects.filter(
        model=question_embedder().name, last_asked_at__gte=since
    ).annotate(asked=Count("questions", filter=Q(questions__asked_at__gte=since)))


def _published_at():
    return Min(
        "article__translations__published_at",
        filter=Q(article__translations__status=ArticleStatus.PUBLISHED),
    )


def faq_candidates(*, actor: User, now: datetime | None = None) -> list[Candidate]:
    """The candidates, most asked first."""
    check_faq_candidates_reader(actor)
    since = (now or timezone.now()) - WINDOW
    clusters = (
        _recent_counts(since=since)
        .annotate(published_at=_published_at())
        .filter(asked__gte=settings.REALDESK_FAQ_CANDIDATE_MIN, published_at__isnull=True)
        .select_related("article")
        .order_by("-asked", "pk")
    )
    found = (candidate_of(cluster, asked=cluster.asked, since=since) for cluster in clusters)
    return [candidate for candidate in found if candidate]


def faq_followed(*, actor: User, now: datetime | None = None) -> list[Followed]:
    """Clusters whose drafted article is published: did the questions fall?"""
    check_faq_candidates_reader(actor)
    now = now or timezone.now()
    clusters = (
        QuestionCluster.objects.annotate(published_at=_published_at())
        .filter(published_at__isnull=False)
        .prefetch_related("article__translations")
        .order_by("-published_at")
    )
    followed = []
    for cluster in clusters:
        published = cluster.published_at
        before = cluster.questions.filter(
            asked_at__gte=published - BEFORE, asked_at__lt=published
        ).count()
        after = cluster.questions.filter(asked_at__gte=published, asked_at__lt=now).count()
        since = max(now - published, WEEK)  # a first week counts as a whole one
        followed.append(
            Followed(
                cluster=cluster,
                title=next(
                    t.title
                    for t in cluster.article.translations.all()
                    if t.status == ArticleStatus.PUBLISHED
                ),
                published_at=published,
                before=before,
                after=after,
                weekly_before=round(before / (BEFORE / WEEK), 1),
                weekly_after=round(after / (since / WEEK), 1),
            )
        )
    return followed


def faq_candidate_get(*, actor: User, cluster_id: int, now: datetime | None = None) -> Candidate:
    """One cluster as a candidate (to draft its article); QuestionCluster.DoesNotExist if it
    is none (any more)."""
    check_faq_candidates_reader(actor)
    since = (now or timezone.now()) - WINDOW
    cluster = _recent_counts(since=since).get(pk=cluster_id)
    candidate = candidate_of(cluster, asked=cluster.asked, since=since)
    if candidate is None:
        raise QuestionCluster.DoesNotExist(cluster_id)
    return candidate
