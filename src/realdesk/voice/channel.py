"""The phone as a channel adapter, shaped for the comms channel registry: which identities
it reaches, that it is live, what the reply box says, and what "deliver" means here."""

from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import User
from realdesk.tickets.actions import note_add
from realdesk.tickets.models import Message, Ticket


class PhoneChannel:
    """Nothing is sent on the phone: an agent's words there are the note of a call made."""

    key = "phone"
    identity_kinds = (IdentityKind.PHONE,)
    live = True
    reply_note = "On the phone nothing is sent: this records a call note on the ticket."

    def deliver(self, *, ticket: Ticket, agent: User, body_text: str) -> Message:
        return note_add(ticket=ticket, agent=agent, body_text=f"Call note: {body_text}")
