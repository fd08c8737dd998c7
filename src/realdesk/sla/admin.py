from django import forms
from django.contrib import admin
from django.db import transaction

from realdesk.accounts.choices import CustomerTier
from realdesk.sla.models import (
    BusinessCalendar,
    Escalation,
    EscalationRule,
    EtaPrediction,
    GoodwillLimit,
    Promise,
    SLAPolicy,
    SLATarget,
)
from realdesk.sla.reasons import reason_words
from realdesk.sla.tasks import sla_reschedule_task
from realdesk.tickets.admin import ReadOnlyAdmin
from realdesk.tickets.choices import Channel, Priority


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "always_open", "holiday_country", "holiday_subdivision"]

    def save_model(self, request, obj, form, change) -> None:
        """New hours move the live deadlines of the policies using them, in the background."""
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: sla_reschedule_task.enqueue(calendar_id=obj.pk))


def _choices_field(choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class SLAPolicyForm(forms.ModelForm):
    priorities = _choices_field(Priority.choices)
    tiers = _choices_field(CustomerTier.choices)
    channels = _choices_field(Channel.choices)

    class Meta:
        model = SLAPolicy
        exclude: list[str] = []


@admin.register(SLAPolicy)
class SLAPolicyAdmin(admin.ModelAdmin):
    form = SLAPolicyForm
    list_display = ["name", "position", "active", "calendar", "first_response", "resolution"]
    list_editable = ["position", "active"]
    filter_horizontal = ["organizations", "teams"]
    fieldsets = [
        (None, {"fields": ["name", "position", "active"]}),
        (
            "Applies to (empty: any)",
            {"fields": ["priorities", "tiers", "channels", "organizations", "teams"]},
        ),
        (
            "Targets",
            {
                "fields": [
                    "calendar",
                    "first_response",
                    "next_response",
                    "resolution",
                    "pause_on_hold",
                    "at_risk_share",
                ]
            },
        ),
    ]

    def save_related(self, request, form, formsets, change) -> None:
        """Conditions or targets changed: every live clock may now follow another policy."""
        super().save_related(request, form, formsets, change)
        transaction.on_commit(sla_reschedule_task.enqueue)


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "condition", "response", "priority", "team", "watcher"]
    list_filter = ["condition", "response", "active"]


@admin.register(GoodwillLimit)
class GoodwillLimitAdmin(admin.ModelAdmin):
    list_display = ["role", "currency", "max_amount"]


@admin.register(SLATarget)
class SLATargetAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "metric", "cycle", "phase", "level", "due_at", "achieved_at"]
    list_filter = ["metric", "phase", "level"]


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "what", "agent", "due_at", "status"]
    list_filter = ["status"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "reason", "detail_words", "created_at"]
    list_filter = ["reason"]

    @admin.display(description="Detail")
    def detail_words(self, escalation: Escalation) -> str:
        return reason_words(escalation.facts, recorded=escalation.detail)


@admin.register(EtaPrediction)
class EtaPredictionAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "made_at", "eta", "sla_due", "queue_eta", "tickets_ahead"]
