from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone

from realdesk.accounts.models import Customer, CustomerIdentity, Organization, Team, User
from realdesk.portal_access.addresses import address_confirmation_request


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


class IdentityForm(forms.ModelForm):
    """A saved address is never edited into another one: that would hand its verification
    (and the sign-in it grants) to a new address. Remove it and add the new one, which
    starts unverified like any address staff add."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("kind", "value"):
                self.fields[name].disabled = True


class IdentityInline(admin.TabularInline):
    model = CustomerIdentity
    form = IdentityForm
    extra = 0
    fields = ["kind", "value", "created_at", "verified_at"]
    readonly_fields = ["created_at", "verified_at"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "tier", "created_at"]
    list_filter = ["tier"]
    search_fields = ["name", "identities__value"]
    inlines = [IdentityInline]

    def save_formset(self, request, form, formset, change) -> None:
        """Addresses added here are staff-added like anywhere else: unverified, and the
        customer is asked to confirm them (portal_access/addresses.py)."""
        for identity in formset.save(commit=False):
            if identity.pk is None:
                identity.created_at = timezone.now()
            identity.save()
            address_confirmation_request(identity=identity)
        for removed in formset.deleted_objects:
            removed.delete()


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
