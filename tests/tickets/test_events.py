"""The audit trail is append-only: history cannot be rewritten through the ORM."""

import pytest

from realdesk.tickets.events import ReplySent, TicketCreated, payload_of
from realdesk.tickets.models import Event
from realdesk.tickets.models.event import AppendOnlyError

pytestmark = pytest.mark.django_db


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
