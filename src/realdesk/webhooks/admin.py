"""Admins manage subscriptions here and read every delivery and attempt (read-only)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from realdesk.webhooks.actions import (
    subscription_create,
    subscription_secret_rotate,
    subscription_update,
)
from realdesk.webhooks.choices import WebhookEvent
from realdesk.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from realdesk.webhooks.reasons import disabled_reasons
from realdesk.webhooks.urlsafety import UnsafeTargetError, target_check


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "event_types", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            target_check(url)
        except UnsafeTargetError as error:
            raise forms.ValidationError(error.message) from None
        return url


def _show_secret(request, subscription: WebhookSubscription) -> None:
    messages.warning(
        request,
        gettext("Signing secret of %(name)s: %(secret)s (copy it now: it is not shown again).")
        % {"name": subscription.name, "secret": subscription.secret},
    )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "is_active", "consecutive_failures", "disabled_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "delivery_log",
        "consecutive_failures",
        "disabled_at",
        "disabled_because",
        "created_by",
        "created_at",
    ]
    actions = ["rotate_secret"]

    @admin.display(description="Disabled reason")
    def disabled_because(self, subscription: WebhookSubscription) -> str:
        return disabled_reasons.read(
            subscription.disabled_facts, recorded=subscription.disabled_reason
        )

    @admin.display(description="Delivery log")
    def delivery_log(self, subscription: WebhookSubscription) -> str:
        if not subscription.pk:
            return "-"
        url = reverse("admin:webhooks_webhookdelivery_changelist")
        count = subscription.deliveries.count()
        return format_html(
            '<a href="{}?subscription__id__exact={}">{} deliveries</a>', url, subscription.pk, count
        )

    def save_model(self, request, obj, form, change) -> None:
        """Through the actions, so the URL check, the secret and the counters stay theirs."""
        fields = {key: form.cleaned_data[key] for key in ("name", "url", "event_types")}
        if change:
            subscription_update(
                actor=request.user,
                subscription=obj,
                is_active=form.cleaned_data["is_active"],
                **fields,
            )
            return
        created = subscription_create(actor=request.user, **fields)
        obj.pk = created.pk
        _show_secret(request, created)

    @admin.action(description="Rotate the signing secret (shown once)")
    def rotate_secret(self, request, queryset) -> None:
        for subscription in queryset:
            _show_secret(
                request, subscription_secret_rotate(actor=request.user, subscription=subscription)
            )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["attempted_at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subscription", "event_type", "status", "attempts", "webhook_id"]
    list_filter = ["status", "event_type", "subscription"]
    search_fields = ["webhook_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [AttemptInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
