"""Components are managed here; incidents are run from the console (/agent/incidents/),
so the admin shows them and their updates read-only apart from wording fixes."""

from django.contrib import admin

from realdesk.incidents.models import (
    Component,
    Incident,
    IncidentSuggestion,
    IncidentTicket,
    IncidentUpdate,
    StatusSubscriber,
)


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "description"]
    list_editable = ["position"]
    search_fields = ["name"]


class UpdateInline(admin.TabularInline):
    model = IncidentUpdate
    extra = 0
    fields = ["created_at", "status", "body", "author", "customers_notified"]
    readonly_fields = ["created_at", "status", "author", "customers_notified"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # an update is posted from the console, so customers hear of it


class TicketInline(admin.TabularInline):
    model = IncidentTicket
    extra = 0
    fields = ["ticket", "automatic", "linked_by", "linked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "impact", "status", "started_at", "resolved_at"]
    list_filter = ["status", "kind", "impact"]
    search_fields = ["title"]
    fields = ["title", "title_translations", "keywords", "components", "kind", "impact", "status"]
    readonly_fields = ["kind", "impact", "status"]
    inlines = [UpdateInline, TicketInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(StatusSubscriber)
class StatusSubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "created_at", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at"]


@admin.register(IncidentSuggestion)
class IncidentSuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "hourly_baseline", "created_at"]
    list_filter = ["state"]
    readonly_fields = ["title", "ticket_ids", "hourly_baseline", "incident", "created_at"]
