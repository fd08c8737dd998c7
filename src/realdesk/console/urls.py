from django.urls import include, path

from realdesk.console.views import (
    auth,
    callbacks,
    files,
    inbox,
    incidents,
    macros,
    reports,
    search,
    suggestions,
    ticket,
)

app_name = "console"

urlpatterns = [
    path("", inbox.home, name="home"),
    path("login/", auth.AgentLoginView.as_view(), name="login"),
    path("logout/", auth.AgentLogoutView.as_view(), name="logout"),
    path("login/unlock/", auth.unlock_request, name="unlock"),
    path("login/unlock/<str:value>/", auth.unlock_link, name="unlock_link"),
    path("views/<slug:slug>/", inbox.view_tickets, name="view"),
    path("counts/", inbox.view_counts, name="counts"),
    path("bulk/", inbox.bulk, name="bulk"),
    path("search/", search.search, name="search"),
    path("saved-views/", inbox.saved_view_create, name="saved_view_create"),
    path("saved-views/<int:pk>/delete/", inbox.saved_view_delete, name="saved_view_delete"),
    path("tickets/<int:number>/", ticket.ticket_detail, name="ticket"),
    path("tickets/<int:number>/do/<slug:action>/", ticket.ticket_act, name="ticket_act"),
    path("tickets/<int:number>/presence/", ticket.ticket_presence, name="presence"),
    path(
        "tickets/<int:number>/suggestions/",
        suggestions.ticket_suggestions,
        name="ticket_suggestions",
    ),
    path("attachments/<int:pk>/", files.attachment_download, name="attachment"),
    path("messages/<int:pk>/original/", files.message_original, name="message_original"),
    path("macros/", macros.macro_list, name="macros"),
    path("callbacks/", callbacks.callback_list_page, name="callbacks"),
    path("callbacks/<int:pk>/outcome/", callbacks.callback_outcome, name="callback_outcome"),
    path("staffing/", callbacks.staffing_page, name="staffing"),
    path("knowledge/", include("realdesk.console.views.knowledge")),
    path("macros/<int:pk>/delete/", macros.macro_delete, name="macro_delete"),
    path("reports/", reports.report_page, name="reports"),
    path("reports/report.xlsx", reports.report_workbook, name="report_xlsx"),
    path("reports/<slug:table>.csv", reports.report_csv, name="report_csv"),
    path("reports/tickets/<slug:figure>/", reports.report_tickets, name="report_tickets"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:pk>/do/<slug:action>/", incidents.incident_act, name="incident_act"),
    path(
        "incidents/<int:pk>/unlink/<int:number>/",
        incidents.incident_unlink,
        name="incident_unlink",
    ),
    path(
        "incidents/suggestions/<int:pk>/dismiss/",
        incidents.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
