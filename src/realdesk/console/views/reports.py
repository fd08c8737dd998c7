"""The report page: outcome figures for the tickets the agent may see, with the period,
team, channel and time filters in the query string; CSV of every table beside it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from realdesk.console.report_forms import ReportForm
from realdesk.reports.charts import table_chart
from realdesk.reports.definitions import DEFINITIONS
from realdesk.reports.exports import table_csv
from realdesk.reports.selectors import report_summary, report_teams
from realdesk.reports.tables import Table, report_tables

DEFAULTS = {"range": "4weeks", "hours": "business"}
#: The tables drawn as charts, and which of their columns is drawn.
CHARTS = {"first_response": 1, "resolution": 1, "sla_by_team": 3, "backlog_by_age": 1}


def _tables(request, form: ReportForm) -> tuple:
    flt = form.report_filter()
    summary = report_summary(actor=request.user, flt=flt, now=timezone.now())
    teams = dict(report_teams(actor=request.user).values_list("pk", "name"))
    return summary, report_tables(summary, teams=teams)


def _form(request) -> ReportForm:
    return ReportForm({**DEFAULTS, **request.GET.dict()}, actor=request.user)


@login_required
def report_page(request):
    form = _form(request)
    if not form.is_valid():
        return render(request, "console/reports.html", {"form": form}, status=400)
    summary, tables = _tables(request, form)
    context = {
        "form": form,
        "summary": summary,
        "trends": summary.trends(),
        "definitions": DEFINITIONS,
        "tables": tables,
        "charts": {name: table_chart(tables[name], column=c) for name, c in CHARTS.items()},
        "query": request.GET.urlencode(),
    }
    return render(request, "console/reports.html", context)


@login_required
def report_csv(request, table: str):
    form = _form(request)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    found: Table | None = _tables(request, form)[1].get(table)
    if found is None:
        raise Http404("No such table")
    response = HttpResponse(table_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.name}.csv"'
    return response
