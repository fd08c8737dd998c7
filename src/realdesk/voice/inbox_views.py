"""The "Callbacks" inbox view: tickets with a callback still to make, the earliest window first."""

from django.db.models import Exists, Min, OuterRef, Q, Subquery

from realdesk.tickets.inbox import InboxView, register_view
from realdesk.voice.choices import CallbackStatus
from realdesk.voice.models import Callback


def _callbacks_pending(actor) -> Q:
    return Q(Exists(Callback.objects.filter(ticket=OuterRef("pk"), status=CallbackStatus.PENDING)))


def _callbacks_scope(actor) -> Q:
    """The tickets of pending callbacks, by id (found through the callbacks' status index),
    so the live counts read those tickets and not the whole history."""
    pending = Callback.objects.filter(status=CallbackStatus.PENDING).values_list(
        "ticket", flat=True
    )
    return Q(pk__in=list(pending))


def _next_window() -> dict[str, Subquery]:
    first = (
        Callback.objects.filter(ticket=OuterRef("pk"), status=CallbackStatus.PENDING)
        .values("ticket")
        .annotate(first=Min("window_start"))
        .values("first")
    )
    return {"callback_window": Subquery(first)}


def register_voice_views() -> None:
    register_view(
        InboxView(
            slug="callbacks",
            label="Callbacks",
            description="Customers waiting for a call back, the earliest window first.",
            position=65,
            condition=_callbacks_pending,
            order_field="callback_window",
            annotations=_next_window,
            column=("Callback window", "callback_window"),
            scope=_callbacks_scope,
        )
    )
