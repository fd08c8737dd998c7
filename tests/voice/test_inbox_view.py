"""The Callbacks view's live count reads only the tickets of pending callbacks (its scope)
and still counts every ticket the view lists, whatever the ticket's status."""

import pytest

from factories import open_ticket
from realdesk.tickets.choices import Status
from realdesk.tickets.inbox import TicketFilters, inbox_counts, inbox_tickets, inbox_view
from realdesk.tickets.models import Ticket
from realdesk.voice.actions import callback_create
from realdesk.voice.choices import CallbackSource, CallbackStatus
from realdesk.voice.models import Callback

pytestmark = pytest.mark.django_db


def test_callbacks_are_counted_as_listed_through_their_scope(agent, team):
    waiting = open_ticket(team=team)
    callback_create(ticket=waiting, phone="+14155550100", source=CallbackSource.WEB)
    solved = open_ticket(team=team)  # a callback still owed on a ticket solved meanwhile
    callback_create(ticket=solved, phone="+14155550101", source=CallbackSource.WEB)
    Ticket.objects.filter(pk=solved.pk).update(status=Status.SOLVED)
    done = open_ticket(team=team)
    callback_create(ticket=done, phone="+14155550102", source=CallbackSource.WEB)
    Callback.objects.filter(ticket=done).update(status=CallbackStatus.REACHED)

    view = inbox_view("callbacks")
    assert view.scope is not None, "the counts would read every ticket"
    listed = set(inbox_tickets(actor=agent, view=view, filters=TicketFilters()))
    assert listed == {waiting, solved}
    assert inbox_counts(actor=agent)["callbacks"] == 2
