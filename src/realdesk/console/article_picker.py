"""The composer's "Insert an article": a knowledge-base answer as an editable draft; and
the reply that solved a similar ticket (the suggestions beside the ticket), the same way.

Only published translations are offered, because the pasted text links to the article
in the support center, and a draft's link would be a dead end for the customer.
"""

from django.conf import settings
from django.http import Http404

from realdesk.accounts.models import User
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import Article, ArticleTranslation
from realdesk.knowledge.questions.similar import solved_reply_get
from realdesk.knowledge.selectors import article_reply_text, articles_for_agents
from realdesk.tickets.models import Message, Ticket


def _for_reply(article: Article, *, language: str) -> ArticleTranslation | None:
    """The article in the customer's language, else in the default one, if published."""
    published = {
        t.language: t for t in article.translations.all() if t.status == ArticleStatus.PUBLISHED
    }
    return published.get(language) or published.get(settings.LANGUAGE_CODE)


def insertable_articles(*, actor: User, ticket: Ticket) -> list[ArticleTranslation]:
    found = (_for_reply(a, language=ticket.language) for a in articles_for_agents(actor=actor))
    return sorted((t for t in found if t is not None), key=lambda t: t.title.lower())


def article_draft(*, actor: User, ticket: Ticket, slug: str) -> str:
    """The reply text for the article at this slug; 404 if there is nothing to insert."""
    article = articles_for_agents(actor=actor).filter(slug=slug).first()
    translation = article and _for_reply(article, language=ticket.language)
    if translation is None:
        raise Http404("No such article")
    return article_reply_text(translation=translation)


def answer_draft(*, actor: User, message_id: str) -> str:
    """A solved ticket's reply as the start of this one; 404 unless the agent may see it."""
    try:
        return solved_reply_get(actor=actor, message_id=int(message_id)).body_text.strip() + "\n"
    except (ValueError, Message.DoesNotExist):
        raise Http404("No such reply") from None
