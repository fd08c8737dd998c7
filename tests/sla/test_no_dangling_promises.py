"""No promise stays open on a solved ticket without someone having decided it, whichever
way the ticket was solved: the console, the API, or the customer in the support center."""

import json

import pytest
from django.utils import timezone

from realdesk.portal.session import SESSION_KEY
from realdesk.sla.actions import promise_make
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.models import Promise
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Ticket
from realdesk.tickets.selectors import ticket_latest_event_id
from sla.conftest import H

pytestmark = pytest.mark.django_db


def dangling() -> list[Promise]:
    """Open promises on solved tickets whose solve did not say to keep them open."""
    found = []
    for promise in Promise.objects.filter(
        status=PromiseStatus.OPEN, ticket__status=Status.SOLVED
    ).select_related("ticket"):
        solve = (
            promise.ticket.events.filter(kind=EventKind.STATUS_CHANGED, after=Status.SOLVED)
            .order_by("-created_at", "-pk")
            .first()
        )
        if solve.data.get("open_promises") != "keep":
            found.append(promise)
    return found


def console(client, agent, ticket, action, **data):
    client.force_login(agent)
    fields = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/agent/tickets/{ticket.number}/do/{action}/", fields)


def api(client, agent, ticket, path, body):
    client.force_login(agent)  # the console's own session: the same API as a token
    return client.generic(
        "PATCH" if path == "" else "POST",
        f"/api/v1/tickets/{ticket.number}{path}",
        json.dumps(body),
        content_type="application/json",
    )


def portal(client, agent, ticket, **data):
    session = client.session
    session[SESSION_KEY] = ticket.customer_id
    session.save()
    return client.post(f"/support/requests/{ticket.number}/solve/", data)


SOLVES = {
    "console status, keep": lambda c, a, t: console(
        c, a, t, "status", status="solved", reason="Done", open_promises="keep"
    ),
    "console status, release": lambda c, a, t: console(
        c, a, t, "status", status="solved", reason="Done", open_promises="release"
    ),
    "console status, undecided": lambda c, a, t: console(
        c, a, t, "status", status="solved", reason="Done"
    ),
    "console reply": lambda c, a, t: console(
        c,
        a,
        t,
        "reply",
        body="All done.",
        status_after="solved",
        seen_event=ticket_latest_event_id(ticket=t),
    ),
    "api patch, keep": lambda c, a, t: api(
        c, a, t, "", {"status": "solved", "reason": "Done", "open_promises": "keep"}
    ),
    "api patch, release": lambda c, a, t: api(
        c, a, t, "", {"status": "solved", "reason": "Done", "open_promises": "release"}
    ),
    "api patch, undecided": lambda c, a, t: api(
        c, a, t, "", {"status": "solved", "reason": "Done"}
    ),
    "api reply": lambda c, a, t: api(
        c, a, t, "/replies", {"body_text": "All done.", "status_after": "solved"}
    ),
    "portal, keep": lambda c, a, t: portal(c, a, t, open_promises="keep"),
    "portal, release": lambda c, a, t: portal(c, a, t, open_promises="release"),
    "portal, undecided": lambda c, a, t: portal(c, a, t),
}


@pytest.mark.parametrize("path", SOLVES)
def test_no_promise_dangles_after_any_solve(client, agent, ticket, path):
    message_send(ticket=ticket, agent=agent, body_text="Looking into it", status_after=None)
    promise_make(ticket=ticket, agent=agent, due_at=timezone.now() + 3 * H, what="the refund")

    response = SOLVES[path](client, agent, ticket)

    assert response.status_code < 500, response.content
    solved = Ticket.objects.get(pk=ticket.pk).status == Status.SOLVED
    assert solved is not path.endswith("undecided")  # an undecided solve is refused
    assert dangling() == []
