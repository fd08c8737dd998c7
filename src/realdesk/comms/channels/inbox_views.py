"""The "Cannot reach" inbox view: open tickets whose customer no answer can reach, so that
somebody finds an address or calls instead of answers going nowhere."""

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import CustomerIdentity
from realdesk.comms.channels.adapters import channel_adapters
from realdesk.tickets.choices import OPEN_STATUSES, Direction
from realdesk.tickets.inbox import InboxView, open_tickets, register_view
from realdesk.tickets.models import Message


def _cannot_reach(actor) -> Q:
    """`reply_route` in SQL: the channel of the customer's latest message needs an email
    address to answer, and the customer has none."""
    last_channel = (
        Message.objects.filter(ticket=OuterRef("pk"), direction=Direction.INBOUND)
        .order_by("-created_at", "-pk")
        .values("channel")[:1]
    )
    needing_email = [key for key, adapter in channel_adapters.items() if adapter.needs_email]
    email = CustomerIdentity.objects.filter(customer=OuterRef("customer"), kind=IdentityKind.EMAIL)
    answered_by_email = In(Coalesce(Subquery(last_channel), F("channel")), needing_email)
    return Q(status__in=OPEN_STATUSES) & ~Q(Exists(email)) & Q(answered_by_email)


def register_channel_views() -> None:
    register_view(
        InboxView(
            slug="cannot-reach",
            label=_("Cannot reach"),
            description=_(
                "Open tickets whose customer no answer can reach: no email address "
                "and no call. Add an address, or call them."
            ),
            position=65,
            condition=_cannot_reach,
            order_field="created_at",
            scope=open_tickets,
        )
    )
