"""The "Callbacks" inbox view: tickets with a callback still to make, the earliest window first."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from realdesk.tickets.inbox import InboxView, earliest_of, register_view, tickets_of
from realdesk.voice.choices import CallbackStatus
from realdesk.voice.models import Callback


def _pending() -> QuerySet[Callback]:
    return Callback.objects.filter(status=CallbackStatus.PENDING)


def _callbacks_pending(actor) -> Q:
    return Q(Exists(_pending().filter(ticket=OuterRef("pk"))))


def _callbacks_scope(actor) -> Q:
    """So the live counts read the tickets of pending callbacks, not the whole history."""
    return tickets_of(_pending())


def _next_window() -> dict[str, Subquery]:
    return {"callback_window": earliest_of(_pending(), "window_start")}


def register_voice_views() -> None:
    register_view(
        InboxView(
            slug="callbacks",
            label=_("Callbacks"),
            description=_("Customers waiting for a call back, the earliest window first."),
            position=65,
            condition=_callbacks_pending,
            order_field="callback_window",
            annotations=_next_window,
            column=(_("Callback window"), "callback_window"),
            scope=_callbacks_scope,
        )
    )
