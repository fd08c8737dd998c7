"""The chat channel's adapter: while the customer's chat is open the answer is a message in
it (the widget reads the ticket's messages); once it ended, by email with the ticket's link."""

from realdesk.accounts.choices import IdentityKind
from realdesk.chat.selectors import live_session_id
from realdesk.comms.channels.adapters import ChannelAdapter, Reach, Route
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Message, Ticket


class ChatAdapter(ChannelAdapter):
    channel = Channel.CHAT
    identity_kinds = (IdentityKind.EMAIL,)
    live = True
    cannot_reach = "The chat has ended."

    def route(self, ticket: Ticket) -> Route:
        if live_session_id(ticket_id=ticket.pk) is None:
            return super().route(ticket)
        return Route(
            channel=self.channel, reach=Reach.CHANNEL, to="", says="Sent in the live chat."
        )

    def deliver(self, message: Message, route: Route) -> None:
        """In the open chat the answer is the ticket message itself, which the widget reads;
        nothing else is sent."""
        if route.reach != Reach.CHANNEL:
            super().deliver(message, route)
