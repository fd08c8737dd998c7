"""Writes that start from a cluster of questions."""

from django.db import transaction
from django.utils.text import slugify

from realdesk.accounts.models import User
from realdesk.knowledge.actions import article_start
from realdesk.knowledge.models import Article, ArticleTranslation, QuestionCluster
from realdesk.knowledge.questions.candidates import Candidate, faq_candidate_get

SLUG_CHARACTERS = 60


def _free_slug(text: str) -> str:
    base = slugify(text)[:SLUG_CHARACTERS].strip("-") or "question"
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def draft_body(candidate: Candidate) -> str:
    """The best agent answer as the article's Markdown; without one, what customers asked,
    so the writer starts from their words."""
    if candidate.answer is not None:
        return candidate.answer.body_text.strip()
    return "Customers ask:\n\n" + "\n".join(f"- {example}" for example in candidate.examples)


def cluster_article_draft(*, actor: User, cluster_id: int) -> ArticleTranslation:
    """An unpublished article prefilled from a candidate cluster, linked to it so the
    candidates page can follow its volume once it is published. A cluster already drafted
    gives its article back rather than a second one."""
    candidate = faq_candidate_get(actor=actor, cluster_id=cluster_id)
    with transaction.atomic():
        cluster = QuestionCluster.objects.select_for_update().get(pk=cluster_id)
        if cluster.article_id:
            return cluster.article.translations.order_by("pk").first()
        question = candidate.question
        translation = article_start(
            slug=_free_slug(question),
            actor=actor,
            language=candidate.language,
            title=question[:200],
            body_markdown=draft_body(candidate),
        )
        cluster.article = translation.article
        cluster.save(update_fields=["article"])
    return translation
