from django.contrib import admin

from realdesk.automation.models import Macro


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "created_by", "created_at"]
    search_fields = ["title", "body"]
