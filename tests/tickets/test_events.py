"""The audit trail is append-only: history cannot be rewritten through the ORM; every
event kind is written by its one builder and read back as its kind's TypedDict."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from factories import TeamFactory, open_ticket
from realdesk.sla.actions.promises import promise_make
from realdesk.tickets import events as events_module
from realdesk.tickets.actions import (
    message_send,
    ticket_cc_add,
    ticket_escalate,
    ticket_merge,
    ticket_set_priority,
    ticket_set_tags,
    ticket_set_team,
    ticket_workaround_give,
)
from realdesk.tickets.choices import EventKind
from realdesk.tickets.events import (
    PAYLOADS,
    CcAdded,
    Merged,
    PriorityChanged,
    PromiseChanged,
    Reassigned,
    ReplySent,
    SlaChanged,
    TagsChanged,
    TicketCreated,
    WorkaroundGiven,
    event_payload,
    message_of,
    note_of,
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


SRC = Path(events_module.__file__).parents[1]


def _kinds_built_in(tree: ast.Module) -> dict[str, list[str]]:
    """Which top-level functions and assignments of a module name `EventKind.X` (in
    events.py only the builders do): kind -> the builders."""
    built: dict[str, list[str]] = {}
    for top in tree.body:
        if isinstance(top, ast.FunctionDef):
            name = top.name
        elif isinstance(top, ast.Assign) and isinstance(top.targets[0], ast.Name):
            name = top.targets[0].id  # a builder made by `_builder(EventKind.X, Shape)`
        else:
            continue
        for node in ast.walk(top):
            if isinstance(node, ast.Attribute) and ast.unparse(node.value) == "EventKind":
                built.setdefault(node.attr, []).append(name)
    return built


def test_every_event_kind_has_one_typed_builder_and_payload():
    """A new EventKind without its TypedDict and its builder in tickets/events.py fails
    here, so no kind is dispatched with an untyped payload."""
    built = _kinds_built_in(ast.parse(Path(events_module.__file__).read_text()))
    for kind in EventKind:
        assert kind in PAYLOADS, f"{kind.name} has no payload TypedDict in PAYLOADS"
        assert len(built.get(kind.name, [])) == 1, f"{kind.name} needs exactly one builder"


def test_only_the_builders_construct_events():
    """Outside tickets/events.py no source file builds an Event itself (`Event(...)`,
    `Event.objects.create`, `bulk_create` of Events, or the private `_event_new`)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == Path(events_module.__file__) or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            if called in {"Event", "_event_new", "Event.objects.create"} or (
                called == "Event.objects.bulk_create"
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {called}")
    assert offenders == []


def test_the_check_finds_an_untyped_event_built_outside_the_builders():
    """The scan above must be able to fail: a planted `_event_new` call and a planted kind
    without a builder are both found."""
    planted = ast.parse(
        "def f(t):\n    return _event_new(ticket=t, kind=EventKind.MERGED, data={})\n"
    )
    assert _kinds_built_in(planted) == {"MERGED": ["f"]}
    calls = [ast.unparse(n.func) for n in ast.walk(planted) if isinstance(n, ast.Call)]
    assert "_event_new" in calls


def test_priority_change_is_typed(ticket, agent):
    """An agent's choice carries no reason; an escalation's carries the rule's reason."""
    ticket_set_priority(ticket=ticket, priority="high", actor=agent)
    ticket_escalate(ticket=ticket, code="vip", reason="VIP customer", priority="urgent")
    chosen, escalated = ticket.events.filter(kind=EventKind.PRIORITY_CHANGED).order_by("pk")
    assert (chosen.before, chosen.after, chosen.data) == ("normal", "high", {})
    assert payload_of(chosen, PriorityChanged) == PriorityChanged()
    assert payload_of(escalated, PriorityChanged) == {"reason": "VIP customer"}
    assert escalated.after == "urgent"


def test_team_change_is_typed(ticket, agent):
    """Set by hand (no payload) or by an escalation rule (its reason), read as Reassigned."""
    billing, vip = TeamFactory(name="Billing"), TeamFactory(name="VIP")
    agent.teams.add(billing)
    ticket_set_team(ticket=ticket, team=billing, actor=agent)
    ticket_escalate(ticket=ticket, code="vip", reason="VIP customer", team=vip)
    by_hand, by_rule = ticket.events.filter(kind=EventKind.TEAM_CHANGED).order_by("pk")
    assert payload_of(by_hand, Reassigned) == {}
    assert by_hand.after == {"id": billing.pk, "name": "Billing"}
    assert payload_of(by_rule, Reassigned) == {"reason": "VIP customer"}
    assert by_rule.before == {"id": billing.pk, "name": "Billing"}


def test_tags_change_is_typed(ticket, agent):
    ticket_set_tags(ticket=ticket, tags=["Billing ", "refund"], actor=agent)
    changed = ticket.events.get(kind=EventKind.TAGS_CHANGED)
    assert (changed.before, changed.after) == ([], ["billing", "refund"])
    assert payload_of(changed, TagsChanged) == {}


def test_merge_is_typed_on_both_tickets(customer, team, agent):
    source = open_ticket(customer=customer, team=team, subject="Duplicate")
    target = open_ticket(customer=customer, team=team, subject="Original")
    ticket_cc_add(ticket=source, addresses=["boss@example.com"], actor_customer=customer)
    ticket_merge(source=source, target=target, actor=agent)
    into = payload_of(source.events.get(kind=EventKind.MERGED), Merged)
    took = payload_of(target.events.get(kind=EventKind.MERGED), Merged)
    assert into == {
        "into": target.number,
        "messages_moved": 1,
        "ccs_moved": ["boss@example.com"],
    }
    assert took == {"from": source.number, "messages_moved": 1}


def test_workaround_is_typed_and_its_note_read_by_the_history(ticket, agent):
    ticket_workaround_give(ticket=ticket, agent=agent, note="Use the  web app meanwhile.")
    given = ticket.events.get(kind=EventKind.WORKAROUND_GIVEN)
    assert payload_of(given, WorkaroundGiven) == {"note": "Use the web app meanwhile."}
    assert note_of(given) == "Use the web app meanwhile."
    assert event_payload(given) == {"note": "Use the web app meanwhile."}


def test_cc_added_is_typed_with_the_addresses_left_out(ticket, customer):
    from realdesk.tickets.actions import cc as cc_module

    many = [f"person{n}@example.com" for n in range(cc_module.MAX_TICKET_CCS + 2)]
    ticket_cc_add(ticket=ticket, addresses=many[:1], actor_customer=customer)
    ticket_cc_add(ticket=ticket, addresses=many[1:], actor_customer=customer)
    first, second = ticket.events.filter(kind=EventKind.CC_ADDED).order_by("pk")
    assert first.after == many[:1]
    assert payload_of(first, CcAdded) == {}
    assert payload_of(second, CcAdded) == {"left_out": 2}


def test_note_of_reads_only_kinds_that_carry_a_note(ticket):
    """The history shows notes of the kinds that carry one; others give None."""
    ticket_cc_add(ticket=ticket, addresses=["boss@example.com"], actor_customer=ticket.customer)
    assert note_of(ticket.events.get(kind=EventKind.CC_ADDED)) is None
    assert note_of(ticket.events.get(kind=EventKind.CREATED)) is None
