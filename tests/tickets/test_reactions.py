"""Reactions: in-transaction handlers share the change's fate; after-commit ones see it done."""

import pytest

from realdesk.core.errors import ApplicationError
from realdesk.core.registry import Registry
from realdesk.tickets import reactions
from realdesk.tickets.actions import ticket_set_priority
from realdesk.tickets.choices import EventKind, Priority
from realdesk.tickets.models import Ticket


@pytest.fixture
def clean_registries(monkeypatch):
    monkeypatch.setattr(reactions, "_in_transaction", Registry("in transaction"))
    monkeypatch.setattr(reactions, "_after_commit", Registry("after commit"))


@pytest.mark.django_db
def test_in_transaction_failure_rolls_back_the_change(clean_registries, ticket, agent):
    @reactions.in_transaction(EventKind.PRIORITY_CHANGED)
    def refuse(event):
        raise ApplicationError("derived state could not be updated")

    with pytest.raises(ApplicationError):
        ticket_set_priority(ticket=ticket, priority=Priority.HIGH, actor=agent)
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.NORMAL
    assert not ticket.events.filter(kind=EventKind.PRIORITY_CHANGED).exists()


@pytest.mark.django_db
def test_after_commit_handler_gets_the_event(
    clean_registries, ticket, agent, django_capture_on_commit_callbacks
):
    seen = []
    reactions.after_commit(EventKind.PRIORITY_CHANGED)(seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_set_priority(ticket=ticket, priority=Priority.HIGH, actor=agent)
        assert seen == [], "not before the commit"
    assert seen == [ticket.events.get(kind=EventKind.PRIORITY_CHANGED).pk]
