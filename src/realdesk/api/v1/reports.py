"""/reports: outcome figures over the tickets the caller may see (agents: their teams')."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from realdesk.accounts.models import Team
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.lookups import lookup
from realdesk.api.v1.schemas.reports import SummaryOut, SummaryQuery, summary_out
from realdesk.reports.filters import ReportFilter
from realdesk.reports.periods import Period
from realdesk.reports.selectors import report_summary

router = Router(tags=["reports"])


@router.get("/reports/summary", response=with_errors({200: SummaryOut}))
def get_summary(request: HttpRequest, query: Query[SummaryQuery]):
    """The headline figures for [since, until), each with the comparison period's value."""
    lookup(Team.objects.all(), query.team, field="team")
    flt = ReportFilter(
        period=Period.between(query.since, query.until),
        team_id=query.team,
        channel=query.channel,
        business_hours=query.business_hours,
    )
    return summary_out(report_summary(actor=request.auth, flt=flt, now=timezone.now()))
