"""PATCH /tickets/{number} through ticket_update: owners change by transfer, solves say
what becomes of open promises."""

import pytest
from django.utils import timezone

from factories import AgentFactory
from realdesk.sla.actions import promise_make
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.models import Promise
from realdesk.tickets.actions import ticket_assign
from realdesk.tickets.choices import Direction, EventKind, Priority, Status
from sla.conftest import H

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(team):
    return AgentFactory(full_name="Mei Chen", teams=[team])


@pytest.fixture
def promise(ticket, agent):
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    return promise_make(
        ticket=ticket, agent=agent, due_at=timezone.now() + 3 * H, what="the refund"
    )


def test_patch_assigns_an_unowned_ticket(api, ticket, agent):
    response = api.patch(f"/tickets/{ticket.number}", {"owner_id": agent.pk})
    assert response.status_code == 200, response.content
    assert response.json()["owner"]["id"] == agent.pk


def test_patch_between_owners_without_a_note_is_refused_with_the_error_shape(
    api, ticket, agent, colleague
):
    ticket_assign(ticket=ticket, owner=colleague, actor=colleague)
    response = api.patch(f"/tickets/{ticket.number}", {"owner_id": agent.pk, "priority": "high"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["fields"]) == ("transfer_required", {})
    assert "Mei Chen" in error["message"]
    ticket.refresh_from_db()
    assert (ticket.owner, ticket.priority) == (colleague, Priority.NORMAL)


def test_patch_between_owners_with_a_note_is_a_transfer(api, ticket, agent, colleague):
    ticket_assign(ticket=ticket, owner=colleague, actor=colleague)
    response = api.patch(
        f"/tickets/{ticket.number}", {"owner_id": agent.pk, "note": "Mei is on leave"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner"]["id"] == agent.pk
    event = ticket.events.filter(kind=EventKind.OWNER_CHANGED).last()
    assert (event.data["handoff"], event.data["note"]) == (True, "Mei is on leave")
    assert ticket.messages.filter(direction=Direction.OUTBOUND, author_agent=None).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"note": "for whom?"}, "note"),
        ({"open_promises": "keep"}, "open_promises"),
        ({"release_reason": "why"}, "release_reason"),
        ({"status": "solved", "reason": "x", "open_promises": "forget"}, "open_promises"),
    ],
)
def test_patch_refuses_fields_that_mean_nothing_alone(api, ticket, body, field):
    response = api.patch(f"/tickets/{ticket.number}", body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_solving_with_an_open_promise_needs_a_decision(api, ticket, promise):
    refused = api.patch(f"/tickets/{ticket.number}", {"status": "solved", "reason": "Done"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "open_promises"
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW

    kept = api.patch(
        f"/tickets/{ticket.number}",
        {"status": "solved", "reason": "Done", "open_promises": "keep"},
    )
    assert kept.status_code == 200, kept.content
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.OPEN


def test_solving_can_release_them_with_a_reason(api, ticket, promise):
    response = api.patch(
        f"/tickets/{ticket.number}",
        {
            "status": "solved",
            "reason": "Done",
            "open_promises": "release",
            "release_reason": "the bank confirmed it directly",
        },
    )
    assert response.status_code == 200, response.content
    promise = Promise.objects.get(pk=promise.pk)
    assert (promise.status, promise.release_reason) == (
        PromiseStatus.RELEASED,
        "the bank confirmed it directly",
    )
