import pytest

from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.tickets.actions import ticket_workaround_give
from realdesk.tickets.choices import EventKind, Status

pytestmark = pytest.mark.django_db


def test_workaround_is_an_event_and_not_a_resolution(ticket, agent):
    ticket = ticket_workaround_give(ticket=ticket, agent=agent, note="  Use the web app  ")
    event = ticket.events.get(kind=EventKind.WORKAROUND_GIVEN)
    assert event.data == {"note": "Use the web app"}
    assert ticket.status == Status.NEW
    assert ticket.solved_at is None


def test_empty_workaround_refused(ticket, agent):
    with pytest.raises(ApplicationError):
        ticket_workaround_give(ticket=ticket, agent=agent, note=" ")
    assert not ticket.events.filter(kind=EventKind.WORKAROUND_GIVEN).exists()


def test_read_only_cannot_record_a_workaround(ticket, read_only):
    with pytest.raises(PermissionDeniedError):
        ticket_workaround_give(ticket=ticket, agent=read_only, note="x")
