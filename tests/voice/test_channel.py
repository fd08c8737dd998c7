"""The phone channel adapter, as the comms channel registry will hold it."""

import pytest

from factories import open_ticket
from realdesk.accounts.choices import IdentityKind
from realdesk.tickets.choices import Channel
from realdesk.voice.channel import PhoneChannel

pytestmark = pytest.mark.django_db


def test_delivering_on_the_phone_records_a_call_note_and_sends_nothing(agent, team):
    ticket = open_ticket(team=team, channel=Channel.PHONE)
    channel = PhoneChannel()
    assert channel.live
    assert channel.identity_kinds == (IdentityKind.PHONE,)
    assert "nothing is sent" in channel.reply_note
    note = channel.deliver(ticket=ticket, agent=agent, body_text="Explained the refund.")
    assert note.body_text == "Call note: Explained the refund."
    assert not ticket.outbound_emails.filter(message=note).exists()
