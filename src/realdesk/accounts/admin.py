from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from realdesk.accounts.models import Customer, CustomerIdentity, Organization, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["full_name", "email"]
    filter_horizontal = []
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Access", {"fields": ["role", "is_active"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "password1", "password2"]}),
    ]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]


class IdentityInline(admin.TabularInline):
    model = CustomerIdentity
    extra = 0
    fields = ["kind", "value", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "tier", "created_at"]
    list_filter = ["tier"]
    search_fields = ["name", "identities__value"]
    inlines = [IdentityInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
