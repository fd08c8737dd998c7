from realdesk.knowledge.models.article import Article, ArticleTranslation
from realdesk.knowledge.models.category import Category
from realdesk.knowledge.models.cluster import QuestionCluster
from realdesk.knowledge.models.embedding import ArticleEmbedding
from realdesk.knowledge.models.feedback import ArticleFeedback
from realdesk.knowledge.models.question import TicketQuestion
from realdesk.knowledge.models.revision import ArticleRevision
from realdesk.knowledge.models.search_event import SearchEvent

__all__ = [
    "Article",
    "ArticleEmbedding",
    "ArticleFeedback",
    "ArticleRevision",
    "ArticleTranslation",
    "Category",
    "QuestionCluster",
    "SearchEvent",
    "TicketQuestion",
]
