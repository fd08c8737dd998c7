"""The report page: outcome figures for the tickets the agent may see, with the period,
team, channel and time filters in the query string; CSV of every table beside it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from realdesk.console.report_forms import ReportForm
from realdesk.core.errors import ApplicationError
from realdesk.reports.charts import heat_chart, table_chart
from realdesk.reports.definitions import DEFINITIONS
from realdesk.reports.exports import report_xlsx, table_csv
from realdesk.reports.selectors import report_summary, report_teams
from realdesk.reports.selectors.drilldown import drilldown
from realdesk.reports.selectors.scope import owner_names
from realdesk.reports.tables import Table, drilldown_table, report_tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The headline figures whose tickets a card links to, and the drill-down that lists them.
DRILLS = {
    "first_response": "first_response",
    "resolution": "resolution",
    "sla_attainment": "sla_missed",
    "backlog": "backlog",
    "recontact_rate": "recontact",
    "callbacks_kept_rate": "callbacks_missed",
    "human_wait": "human_wait",
}
DEFAULTS = {"range": "4weeks", "hours": "business"}
#: The tables drawn as charts, and which of their columns is drawn.
CHARTS = {
    "first_response": 1,
    "resolution": 1,
    "sla_by_team": 3,
    "backlog_by_age": 1,
    "satisfaction_by_week": 3,
    "sla_past": 1,
    "eta_errors": 1,
    "unowned_time": 1,
    "human_wait": 1,
}


def _tables(request, form: ReportForm) -> tuple:
    flt = form.report_filter()
    summary = report_summary(actor=request.user, flt=flt, now=timezone.now())
    teams = dict(report_teams(actor=request.user).values_list("pk", "name"))
    owners = owner_names(actor=request.user, owner_ids=summary.backlog.owner_ages)
    return summary, report_tables(summary, teams=teams, owners=owners)


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
        "drills": DRILLS,
        "heatmap": heat_chart(tables["arrivals_heatmap"]),
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


@login_required
def report_tickets(request, figure: str):
    """The tickets behind a figure (one bar of its chart with ?bucket=), or their CSV."""
    form = _form(request)
    if not form.is_valid():
        return render(request, "console/reports.html", {"form": form}, status=400)
    bucket = request.GET.get("bucket", "")
    try:
        found = drilldown(
            actor=request.user,
            flt=form.report_filter(),
            figure=figure,
            bucket=int(bucket) if bucket.isdigit() else None,
            now=timezone.now(),
        )
    except ApplicationError as error:
        raise Http404(error.message) from None
    table = drilldown_table(found)
    if request.GET.get("format") == "csv":
        return _download(table_csv(table), f"{table.name}.csv", "text/csv; charset=utf-8")
    query = request.GET.copy()
    query.pop("format", None)
    context = {"form": form, "found": found, "table": table, "query": query.urlencode()}
    return render(request, "console/report_tickets.html", context)


def _refused(form: ReportForm) -> HttpResponse:
    return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")


def _download(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
