"""What each channel declares, and the reply channel rule.

The rule: answer where the customer last was (the channel of their latest message on the
ticket). When that channel cannot carry an answer back (a web form, an ended chat, the
API), the answer goes to their email with the link to the ticket, and the console's reply
box says so before the agent sends. A phone answer is what the agent said on the call: it
is logged as a call note and nothing is sent. A customer no address reaches is shown as
such (`Reach.NOBODY`), on the ticket and in the "Cannot reach" inbox view.

Adapters register in `channel_adapters` (a `core.registry.Registry`); the chat, phone and
social issues replace the fallbacks here with real adapters (the chat app registers
its own, `realdesk.chat.adapter`) without touching tickets or SLA.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from django.utils import translation
from django.utils.translation import gettext as _

from realdesk.accounts.choices import IdentityKind
from realdesk.comms.outbound import customer_email_address, follow_url, reply_mail
from realdesk.core.registry import Registry
from realdesk.tickets.choices import Channel
from realdesk.tickets.events import DeliveryFailed, delivery_failed, record_events
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.selectors import ticket_reply_channel


class Reach(StrEnum):
    CHANNEL = "channel"  # the channel they last used carries the answer
    EMAIL = "email"  # it cannot: by email instead, with the link to the ticket
    LOGGED = "logged"  # a call note: nothing is sent
    NOBODY = "nobody"  # no address of theirs is known: nothing can be sent


@dataclass(frozen=True)
class Route:
    """Where an agent's answer goes, decided before it is written so that the reply box
    can say it, and again when it is sent."""

    channel: str  # where the customer last was
    reach: Reach
    to: str  # the address it goes to; "" when nothing is sent
    says: str  # the reply box's line, for the agent

    @property
    def done(self) -> str:
        """What the console says once the agent pressed send: never "sent" when nothing was."""
        if self.reach == Reach.LOGGED:
            return "Call note logged; nothing was sent."
        if self.reach == Reach.NOBODY:
            return "Reply saved, but not sent: nobody can reach this customer."
        return "Reply sent."


class ChannelAdapter:
    """A channel by default cannot answer by itself: its answers go by email (`cannot_reach`
    says why, in the reply box); a channel that can overrides `route` and `deliver`."""

    channel: ClassVar[str]
    identity_kinds: ClassVar[tuple[str, ...]]
    live: ClassVar[bool] = False  # a conversation in real time (chat, a call), not mail
    cannot_reach: ClassVar[str] = ""
    # Whether an answer needs the customer's email address (everything but a call note):
    # without one the ticket is in the "Cannot reach" view.
    needs_email: ClassVar[bool] = True

    def route(self, ticket: Ticket) -> Route:
        address = customer_email_address(ticket)
        if address is None:
            why = f"{self.cannot_reach} " if self.cannot_reach else ""
            return Route(
                channel=self.channel,
                reach=Reach.NOBODY,
                to="",
                says=f"Cannot reach this customer: {why}They have no email address, so "
                "nothing will be sent. Add their address, or call them.",
            )
        if self.cannot_reach:
            return Route(
                channel=self.channel,
                reach=Reach.EMAIL,
                to=address,
                says=f"{self.cannot_reach} Sent by email to {address} with the link to the ticket.",
            )
        return Route(
            channel=self.channel,
            reach=Reach.CHANNEL,
            to=address,
            says=f"Sent by email to {address}.",
        )

    def deliver(self, message: Message, route: Route) -> None:
        if route.reach == Reach.NOBODY:
            payload = DeliveryFailed(message=message.pk, error="the customer has no email address")
            record_events([delivery_failed(ticket=message.ticket, payload=payload)])
            return
        footer = _ticket_link(message.ticket) if route.reach == Reach.EMAIL else ""
        reply_mail(message, to_address=route.to, footer=footer)


def _ticket_link(ticket: Ticket) -> str:
    """Why a customer who never wrote by email gets our answer by email, and where the
    conversation lives, in the language we write to them in."""
    with translation.override(mail_language(ticket.customer, ticket=ticket)):
        return _("Read and answer this conversation on your request's page: %(url)s") % {
            "url": follow_url(ticket)
        }


class EmailAdapter(ChannelAdapter):
    channel = Channel.EMAIL
    identity_kinds = (IdentityKind.EMAIL,)


class WebAdapter(ChannelAdapter):
    channel = Channel.WEB
    identity_kinds = (IdentityKind.EMAIL,)
    cannot_reach = "They wrote through the web form, which cannot answer them."


class PhoneAdapter(ChannelAdapter):
    """An answer on a call was spoken; the agent's text is the note of what was said."""

    channel = Channel.PHONE
    identity_kinds = (IdentityKind.PHONE,)
    live = True
    needs_email = False

    def route(self, ticket: Ticket) -> Route:
        return Route(
            channel=self.channel,
            reach=Reach.LOGGED,
            to="",
            says="Logged as a call note: nothing is sent.",
        )

    def deliver(self, message: Message, route: Route) -> None:
        """Nothing goes anywhere: the message itself is the call note."""


class ApiAdapter(ChannelAdapter):
    channel = Channel.API
    identity_kinds = (IdentityKind.EMAIL, IdentityKind.PHONE, IdentityKind.SOCIAL)
    cannot_reach = "The ticket came in through the API, which cannot answer them."


class SocialAdapter(ChannelAdapter):
    """No social network is connected yet (its own issue): answers go by email."""

    channel = Channel.SOCIAL
    identity_kinds = (IdentityKind.SOCIAL,)
    cannot_reach = "Answers on social networks are not connected yet."


channel_adapters: Registry[str, ChannelAdapter] = Registry("channel adapters")
for _adapter in (
    EmailAdapter(),
    WebAdapter(),
    PhoneAdapter(),
    ApiAdapter(),
    SocialAdapter(),
):
    channel_adapters.register(_adapter.channel, _adapter)


def reply_route(ticket: Ticket) -> Route:
    """Where an answer written now would go (the reply box shows it)."""
    return channel_adapters.get(ticket_reply_channel(ticket=ticket)).route(ticket)


def reply_deliver(message: Message) -> Route:
    """Send an agent's answer the way `reply_route` said, from the channel it was written
    on; inside the reply's transaction, so the answer and its email commit together."""
    adapter = channel_adapters.get(message.channel)
    route = adapter.route(message.ticket)
    adapter.deliver(message, route)
    return route
