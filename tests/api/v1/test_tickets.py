"""/tickets: scoped like the console, writes through the actions, nothing mass-assignable."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pydantic import ValidationError

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.accounts.models import Customer
from realdesk.api.v1.schemas.tickets import TicketCreate
from realdesk.tickets.actions import message_send, ticket_assign, ticket_cc_add, ticket_set_tags
from realdesk.tickets.choices import Direction, EventKind, Priority, Status
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(db):
    """A ticket of a team the `agent` fixture is not part of."""
    return open_ticket(team=TeamFactory(name="Billing"), subject="Invoice")


def numbers(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_list_shows_only_visible_tickets_newest_first(api, ticket, hidden):
    newer = open_ticket(team=ticket.team)
    assert numbers(api.get("/tickets")) == [newer.number, ticket.number]
    assert numbers(api.get("/tickets", order="number")) == [ticket.number, newer.number]


@pytest.mark.parametrize("verb", ["get", "patch", "assign", "messages", "replies", "notes"])
def test_ticket_of_another_team_is_404_not_403(api, hidden, verb):
    path = f"/tickets/{hidden.number}"
    response = {
        "get": lambda: api.get(path),
        "patch": lambda: api.patch(path, {"priority": "high"}),
        "assign": lambda: api.post(f"{path}/assign", {"owner_id": None}),
        "messages": lambda: api.get(f"{path}/messages"),
        "replies": lambda: api.post(f"{path}/replies", {"body_text": "Hi"}),
        "notes": lambda: api.post(f"{path}/notes", {"body_text": "Hi"}),
    }[verb]()
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    hidden.refresh_from_db()
    assert (hidden.priority, hidden.messages.count()) == (Priority.NORMAL, 1)


def test_lead_sees_every_team(api_as, lead, hidden):
    assert numbers(api_as(lead).get("/tickets")) == [hidden.number]


def test_filters(api, agent, team, customer):
    phone = open_ticket(team=team, channel="phone", priority=Priority.HIGH)
    mine = open_ticket(team=team, customer=customer)
    ticket_assign(ticket=mine, owner=agent, actor=agent)
    ticket_set_tags(ticket=mine, tags=["refund"], actor=agent)
    answered = open_ticket(team=team)
    message_send(ticket=answered, agent=agent, body_text="Done")
    cases = {
        "status": ({"status": "pending"}, [answered]),
        "priority": ({"priority": "high"}, [phone]),
        "team": ({"team": team.pk}, [answered, mine, phone]),
        "owner": ({"owner": agent.pk}, [answered, mine]),
        "channel": ({"channel": "phone"}, [phone]),
        "tag": ({"tag": "refund"}, [mine]),
        "customer": ({"customer": customer.pk}, [mine]),
    }
    for name, (query, expected) in cases.items():
        assert numbers(api.get("/tickets", **query)) == [t.number for t in expected], name
    Ticket.objects.filter(pk=phone.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert phone.number not in numbers(api.get("/tickets", updated_since=since))
    assert api.get("/tickets", status="gone").status_code == 422


def test_pagination_is_stable_under_inserts(api, team):
    before = [open_ticket(team=team).number for _ in range(5)]
    seen, cursor = [], None
    while True:
        page = api.get("/tickets", limit=2, **({"cursor": cursor} if cursor else {})).json()
        seen += [item["number"] for item in page["items"]]
        for _ in range(2):  # others keep writing in while the client pages through
            open_ticket(team=team)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(before, reverse=True)


def test_forged_cursor_is_a_422_naming_the_field(api, ticket):
    response = api.get("/tickets", cursor="eyJhZnRlciI6MX0:forged")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["cursor"]


def test_list_queries_do_not_grow_with_tickets(api, team, agent):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/tickets").status_code == 200
        return len(queries)

    def add_one() -> None:  # nameless customer, owner, tags, a follow-up: all looked up
        ticket = open_ticket(
            team=team, customer=CustomerFactory(name=""), follow_up_of=Ticket.objects.first()
        )
        ticket_assign(ticket=ticket, owner=AgentFactory(teams=[team]), actor=agent)
        ticket_set_tags(ticket=ticket, tags=["vip", "billing"], actor=agent)

    open_ticket(team=team)
    add_one()
    count()  # the token's first use is recorded once; later calls only read
    few = count()
    for _ in range(5):
        add_one()
    assert count() == few


def test_list_shows_each_ticket_as_its_own_read_does(api, team, agent):
    """The list reads rows in bulk; every field must still match the single read."""
    nameless = CustomerFactory(name="")
    plain = open_ticket(team=team, customer=nameless)
    ticket_assign(ticket=plain, owner=AgentFactory(teams=[team], full_name=""), actor=agent)
    ticket_set_tags(ticket=plain, tags=["zebra", "apple"], actor=agent)
    follow_up = open_ticket(team=team, follow_up_of=plain)
    listed = {item["number"]: item for item in api.get("/tickets").json()["items"]}
    for ticket in (plain, follow_up):
        single = api.get(f"/tickets/{ticket.number}").json()
        single.pop("messages")
        assert single.pop("ccs") == []
        assert listed[ticket.number] == single
    assert listed[plain.number]["customer"]["name"] == nameless.identities.get().value
    assert listed[plain.number]["tags"] == ["apple", "zebra"]
    assert listed[follow_up.number]["follow_up_of"] == plain.number


def test_read_with_messages(api, ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="On it")
    body = api.get(f"/tickets/{ticket.number}").json()
    assert body["status"] == "pending"
    assert body["owner"] == {"id": agent.pk, "name": str(agent), "email": agent.email}
    assert [(m["direction"], m["body_text"]) for m in body["messages"]] == [
        ("inbound", "Something is broken."),
        ("outbound", "On it"),
    ]
    assert body["ccs"] == []


def test_read_shows_whom_the_customer_copied(api, ticket, customer):
    ticket_cc_add(ticket=ticket, addresses=["bob@example.org"], actor_customer=customer)
    assert api.get(f"/tickets/{ticket.number}").json()["ccs"] == ["bob@example.org"]


def test_create_for_existing_customer(api, agent, customer, team):
    response = api.post(
        "/tickets",
        {
            "customer_id": customer.pk,
            "subject": "Called about a refund",
            "body_text": "Customer says the refund never arrived.",
            "channel": "phone",
            "priority": "high",
            "team_id": team.pk,
        },
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert (ticket.customer, ticket.channel, ticket.priority) == (customer, "phone", "high")
    created = ticket.events.get(kind=EventKind.CREATED)
    assert created.actor == agent
    assert response.json()["messages"][0]["author_customer"]["id"] == customer.pk


@pytest.mark.parametrize("with_team", [True, False])
def test_create_answers_the_ticket_as_a_read_shows_it(api, team, with_team):
    """The answer is built from the ticket just written, not read back: it must not differ."""
    body = {"identity": {"kind": "email", "value": "new@example.net"}, "body_text": "Hi"}
    created = api.post("/tickets", {**body, **({"team_id": team.pk} if with_team else {})})
    assert created.status_code == 201, created.content
    assert created.json() == api.get(f"/tickets/{created.json()['number']}").json()


def test_create_by_identity_finds_or_creates_the_customer(api, customer):
    address = customer.identities.get().value
    first = api.post(
        "/tickets", {"identity": {"kind": "email", "value": address.upper()}, "body_text": "Hi"}
    )
    assert first.json()["customer"]["id"] == customer.pk
    second = api.post(
        "/tickets",
        {
            "identity": {"kind": "phone", "value": "+1 415 555 0100", "name": "Ann"},
            "body_text": "Hi",
        },
    )
    assert second.status_code == 201
    newcomer = Customer.objects.get(pk=second.json()["customer"]["id"])
    assert newcomer.name == "Ann"
    assert newcomer.identities.get().value == "+14155550100"
    assert second.json()["channel"] == "api"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"identity": {"kind": "email", "value": "not an address"}}, "identity.value"),
        ({"identity": {"kind": "pigeon", "value": "x"}}, "identity.kind"),
        ({}, "customer_id"),
        (
            {"customer_id": 1, "identity": {"kind": "email", "value": "a@example.com"}},
            "customer_id",
        ),
        ({"customer_id": 999_999}, "customer_id"),
        ({"identity": {"kind": "email", "value": "a@example.com"}, "team_id": 999_999}, "team_id"),
        ({"identity": {"kind": "email", "value": "a@example.com"}, "body_text": ""}, "body_text"),
    ],
)
def test_create_with_bad_input_names_the_field_and_creates_nothing(api, body, field):
    response = api.post("/tickets", {"body_text": "Hi", **body})
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    "field",
    ["number", "owner_id", "owner", "status", "created_at", "first_response_at", "customer"],
)
def test_create_rejects_fields_an_integrator_must_not_set(api, customer, field):
    body = {"customer_id": customer.pk, "body_text": "Hi", field: 1}
    response = api.post("/tickets", body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {field: "Extra inputs are not permitted"}
    assert not Ticket.objects.exists()


def test_read_only_agent_can_read_but_not_create(session_as, read_only, customer, ticket):
    client = session_as(read_only)
    assert numbers(client.get("/tickets")) == [ticket.number]
    refused = client.post("/tickets", {"customer_id": customer.pk, "body_text": "Hi"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert Ticket.objects.count() == 1


def test_patch_sets_fields_through_actions(api, ticket, agent):
    response = api.patch(
        f"/tickets/{ticket.number}",
        {"status": "solved", "reason": "Duplicate of a call", "priority": "low", "tags": ["Call"]},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["tags"]) == ("solved", ["call"])
    kinds = set(ticket.events.values_list("kind", flat=True))
    assert {EventKind.STATUS_CHANGED, EventKind.PRIORITY_CHANGED, EventKind.TAGS_CHANGED} <= kinds


def test_patch_moving_to_another_team_is_the_last_thing_done(api, ticket):
    billing = TeamFactory(name="Billing")
    response = api.patch(f"/tickets/{ticket.number}", {"team_id": billing.pk, "priority": "high"})
    assert response.json()["team"] == {"id": billing.pk, "name": "Billing"}
    assert api.get(f"/tickets/{ticket.number}").status_code == 404


@pytest.mark.parametrize(
    "field",
    ["number", "customer", "customer_id", "owner", "created_at", "first_response_at"],
)
def test_patch_rejects_mass_assignment(api, ticket, field):
    response = api.patch(f"/tickets/{ticket.number}", {"priority": "urgent", field: 42})
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.owner_id, ticket.first_response_at) == ("normal", None, None)


def test_patch_is_all_or_nothing(api, ticket):
    response = api.patch(f"/tickets/{ticket.number}", {"priority": "urgent", "status": "closed"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.status) == (Priority.NORMAL, Status.NEW)
    assert not ticket.events.filter(kind=EventKind.PRIORITY_CHANGED).exists()


def test_read_only_agent_cannot_patch(session_as, read_only, ticket):
    response = session_as(read_only).patch(f"/tickets/{ticket.number}", {"priority": "high"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL


def test_assign_then_transfer_needs_a_handoff_note(api, ticket, agent, team):
    colleague = AgentFactory(teams=[team])
    taken = api.post(f"/tickets/{ticket.number}/assign", {"owner_id": agent.pk})
    assert taken.json()["owner"]["id"] == agent.pk
    refused = api.post(f"/tickets/{ticket.number}/assign", {"owner_id": colleague.pk})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "transfer_required"
    handed = api.post(
        f"/tickets/{ticket.number}/assign",
        {"owner_id": colleague.pk, "note": "Refund approved, needs the bank transfer"},
    )
    assert handed.json()["owner"]["id"] == colleague.pk
    event = ticket.events.filter(kind=EventKind.OWNER_CHANGED).last()
    assert event.data["note"] == "Refund approved, needs the bank transfer"
    unassigned = api.post(f"/tickets/{ticket.number}/assign", {"owner_id": None})
    assert unassigned.json()["owner"] is None


def test_assign_to_unknown_agent_names_the_field(api, ticket):
    response = api.post(f"/tickets/{ticket.number}/assign", {"owner_id": 999_999})
    assert response.json()["error"]["fields"] == {"owner_id": "Nothing has id 999999."}


def test_reply_and_note(api, ticket, agent):
    reply = api.post(f"/tickets/{ticket.number}/replies", {"body_text": "We are on it."})
    assert reply.status_code == 201
    assert (reply.json()["direction"], reply.json()["author_agent"]["id"]) == ("outbound", agent.pk)
    note = api.post(f"/tickets/{ticket.number}/notes", {"body_text": "Check the logs."})
    assert note.json()["direction"] == Direction.NOTE
    ticket.refresh_from_db()
    assert (ticket.status, ticket.owner, ticket.first_response_at is not None) == (
        Status.PENDING,
        agent,
        True,
    )
    empty = api.post(f"/tickets/{ticket.number}/replies", {"body_text": ""})
    assert list(empty.json()["error"]["fields"]) == ["body_text"]
    assert ticket.messages.count() == 3


def test_messages_are_paged_in_order(api, ticket, agent):
    for text in ("one", "two", "three"):
        message_send(ticket=ticket, agent=agent, body_text=text, status_after=None)
    first = api.get(f"/tickets/{ticket.number}/messages", limit=2).json()
    rest = api.get(f"/tickets/{ticket.number}/messages", cursor=first["next_cursor"]).json()
    texts = [m["body_text"] for m in first["items"] + rest["items"]]
    assert texts == ["Something is broken.", "one", "two", "three"]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-01-31T09:00:00+23:59", True),  # legal ISO, beyond what PostgreSQL stores
        ("2026-01-31T09:00:00", True),  # no offset: read as UTC
        ("0001-01-01T00:00:00+01:00", False),  # before the start of time in UTC
    ],
)
def test_updated_since_with_any_offset_is_answered_not_crashed(api, value, ok):
    response = api.get("/tickets", updated_since=value)
    assert response.status_code == (200 if ok else 422), response.text


@pytest.mark.parametrize("field", ["customer_id", "team_id"])
def test_true_is_not_an_id(field):
    """JSON `true` read as the id 1 would open a ticket for whoever is customer 1."""
    body = {"customer_id": 5, "body_text": "Hi", field: True}
    with pytest.raises(ValidationError, match="not true or false"):
        TicketCreate(**body)
    assert TicketCreate(**{**body, field: 7}).model_dump()[field] == 7
