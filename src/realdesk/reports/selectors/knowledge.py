"""Did the knowledge base answer before a person had to: searches that found nothing,
articles that deflected a request, what customers search for.

Searches are not tickets: the team and channel filters do not narrow them, and every
member of staff sees them (they name no customer)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from realdesk.accounts.models import User
from realdesk.knowledge.choices import FeedbackSource
from realdesk.knowledge.models import ArticleFeedback, SearchEvent
from realdesk.reports.figures import rate
from realdesk.reports.filters import ReportFilter

#: Terms listed: enough to see what to write next, short enough to read.
TERMS_SHOWN = 20


@dataclass(frozen=True)
class KnowledgeFigures:
    searches: int
    no_result: int
    #: (term, searches, of which found nothing), most searched first.
    top_terms: list[tuple[str, int, int]]
    #: (term, searches) of the searches that found nothing, most searched first.
    missing: list[tuple[str, int]]
    #: (article slug, deflections), most first.
    deflections: list[tuple[str, int]]

    @property
    def no_result_rate(self) -> float | None:
        return rate(self.no_result, self.searches)

    @property
    def deflected(self) -> int:
        return sum(n for _, n in self.deflections)


def knowledge_figures(*, actor: User, flt: ReportFilter) -> KnowledgeFigures:
    """A deflection is a click on "This answers my question" beside the request form: the
    customer left with the article and sent no request from that form."""
    searches = SearchEvent.objects.filter(created_at__gte=flt.since, created_at__lt=flt.until)
    totals = searches.aggregate(n=Count("pk"), empty=Count("pk", filter=Q(results=0)))
    terms = (
        searches.values("query")
        .annotate(n=Count("pk"), empty=Count("pk", filter=Q(results=0)))
        .order_by("-n", "query")[:TERMS_SHOWN]
    )
    missing = (
        searches.filter(results=0)
        .values("query")
        .annotate(n=Count("pk"))
        .order_by("-n", "query")[:TERMS_SHOWN]
    )
    deflections = (
        ArticleFeedback.objects.filter(
            source=FeedbackSource.REQUEST_FORM,
            helpful=True,
            created_at__gte=flt.since,
            created_at__lt=flt.until,
        )
        .values("article__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "article__slug")[:TERMS_SHOWN]
    )
    return KnowledgeFigures(
        searches=totals["n"],
        no_result=totals["empty"],
        top_terms=[(row["query"], row["n"], row["empty"]) for row in terms],
        missing=[(row["query"], row["n"]) for row in missing],
        deflections=[(row["article__slug"], row["n"]) for row in deflections],
    )
