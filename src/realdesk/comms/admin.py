"""Admin views of the channels: what came in and what became of it, what went out."""

from django.contrib import admin, messages

from realdesk.comms.choices import InboundOutcome
from realdesk.comms.email.inbound.pipeline import inbound_process
from realdesk.comms.email.inbound.robots.classify import REASON_CLASSES
from realdesk.comms.email.outbound.outbox import ONE_TIME_LINK_KINDS
from realdesk.comms.models import AddressFlag, InboundEmail, OutboundEmail


class ReasonFilter(admin.SimpleListFilter):
    """Why mail was suppressed, by kind ("auto-reply: vacation (de)" is an auto-reply)."""

    title = "suppressed because"
    parameter_name = "reason_class"

    def lookups(self, request, model_admin):
        return [(kind, kind) for kind in REASON_CLASSES]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(reason__startswith=value) if value in REASON_CLASSES else queryset


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "from_address", "subject", "outcome", "reason", "ticket"]
    list_filter = ["outcome", ReasonFilter, "source"]
    search_fields = ["from_address", "subject", "rfc_message_id", "reason"]
    readonly_fields = [f.name for f in InboundEmail._meta.fields]
    actions = ["reprocess"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Process again (quarantined or rejected only)")
    def reprocess(self, request, queryset):
        retry = queryset.filter(outcome__in=[InboundOutcome.QUARANTINED, InboundOutcome.REJECTED])
        ids = list(retry.values_list("pk", flat=True))
        retry.update(outcome=InboundOutcome.PENDING, reason="")
        outcomes = [inbound_process(inbound_id=pk).outcome for pk in ids]
        self.message_user(request, f"Processed {len(outcomes)} again.", messages.INFO)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to_address", "subject", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject", "rfc_message_id"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def get_fields(self, request, obj=None):
        """A sign-in or unlock link waiting to be sent is a working key: not shown here."""
        fields = super().get_fields(request, obj)
        if obj is not None and obj.kind in ONE_TIME_LINK_KINDS:
            return [name for name in fields if name not in {"body_text", "body_html"}]
        return fields


@admin.register(AddressFlag)
class AddressFlagAdmin(admin.ModelAdmin):
    list_display = ["address", "reason", "status_code", "flagged_at"]
    search_fields = ["address"]
