from django.contrib import admin

from realdesk.tickets.models import Event, Tag, Ticket, TicketCC


class ReadOnly:
    """Tickets change only through actions, so that every change has its Event."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class CopiedPeopleInline(ReadOnly, admin.TabularInline):
    """Whom the customer copied: seen here, changed only by the customer's own emails."""

    model = TicketCC
    fields = ["address", "customer", "added_at"]
    extra = 0


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    inlines = [CopiedPeopleInline]
    list_display = ["number", "subject", "status", "priority", "team", "owner", "created_at"]
    list_filter = ["status", "priority", "channel", "team"]
    search_fields = ["number", "subject"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "kind", "actor", "created_at"]
    list_filter = ["kind"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
