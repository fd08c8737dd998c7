"""The audit trail is append-only: history cannot be rewritten through the ORM."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.sla.actions.promises import promise_make
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import EventKind
from realdesk.tickets.events import (
    PromiseChanged,
    ReplySent,
    SlaChanged,
    TicketCreated,
    message_of,
    payload_of,
)
from realdesk.tickets.models import Event
from realdesk.tickets.models.event import AppendOnlyError

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def test_event_cannot_be_changed_or_deleted(ticket):
    event = ticket.events.get()
    event.kind = "merged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(kind="merged")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).kind == "created"


def test_a_payload_is_read_as_its_own_kind_only(ticket):
    """A reaction asking an event for another kind's payload is a wiring mistake: refused,
    not read as missing keys."""
    created = ticket.events.get()
    assert payload_of(created, TicketCreated)["message"] == ticket.messages.get().pk
    with pytest.raises(TypeError, match="carries no ReplySent"):
        payload_of(created, ReplySent)


def test_events_of_other_domains_carry_their_typed_payload(ticket, agent):
    """A promise is written by its builder and read back as its own kind's payload (the
    notice mailed to the customer among it), never as another kind's."""
    promise_make(ticket=ticket, agent=agent, what="call back", due_at=timezone.now() + DAY)
    made = ticket.events.get(kind=EventKind.PROMISE_CHANGED)
    assert payload_of(made, PromiseChanged)["what"] == "call back"
    assert payload_of(made, PromiseChanged)["customer_notice"]
    with pytest.raises(TypeError, match="carries no SlaChanged"):
        payload_of(made, SlaChanged)


def test_the_message_an_event_is_about(ticket, agent):
    """The console shows the messages among what changed while an agent wrote: each kind
    whose payload names a message gives it, other kinds none."""
    created = ticket.events.get()
    reply = message_send(ticket=ticket, agent=agent, body_text="On it.")
    sent = ticket.events.get(kind=EventKind.REPLY_SENT)
    status = ticket.events.get(kind=EventKind.STATUS_CHANGED)
    assert message_of(created) == ticket.messages.order_by("pk").first().pk
    assert message_of(sent) == reply.pk
    assert message_of(status) is None
