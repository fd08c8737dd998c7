"""The report page: outcome figures for the tickets the agent may see, with the period,
team, channel and time filters in the query string; CSV of every table beside it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from realdesk.console.report_forms import ReportForm
from realdesk.reports.charts import table_chart
from realdesk.reports.definitions import DEFINITIONS
from realdesk.reports.exports import report_xlsx, table_csv
from realdesk.reports.selectors import report_summary, report_teams
from realdesk.reports.tables import Table, report_tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
        return _refused(form)
    found: Table | None = _tables(request, form)[1].get(table)
    if found is None:
        raise Http404("No such table")
    return _download(table_csv(found), f"{found.name}.csv", "text/csv; charset=utf-8")


@login_required
def report_workbook(request):
    """The whole report, one sheet per table, named after its period."""
    form = _form(request)
    if not form.is_valid():
        return _refused(form)
    summary, tables = _tables(request, form)
    period = summary.flt.period
    name = f"realdesk-report-{period.since:%Y-%m-%d}-{period.until:%Y-%m-%d}.xlsx"
    return _download(report_xlsx(tables.values()), name, XLSX)


def _refused(form: ReportForm) -> HttpResponse:
    return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")


def _download(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
