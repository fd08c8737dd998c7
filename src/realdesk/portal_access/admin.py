from django.contrib import admin
from django.db import models

from realdesk.portal_access.models import ContactBlock, OrganizationAccess, SignInToken
from realdesk.tickets.admin import ReadOnlyAdmin


@admin.register(ContactBlock)
class ContactBlockAdmin(admin.ModelAdmin):
    list_display = ["brand", "language", "phone", "calendar", "email", "chat_enabled"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(OrganizationAccess)
class OrganizationAccessAdmin(admin.ModelAdmin):
    list_display = ["organization", "members_see_all_tickets"]


@admin.register(SignInToken)
class SignInTokenAdmin(ReadOnlyAdmin):
    list_display = ["email", "created_at", "expires_at", "sent_at", "used_at"]
    search_fields = ["email"]
