"""Goodwill within the role's own authority, recorded on the ticket."""

from decimal import Decimal

import pytest

from realdesk.accounts.choices import Role
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.sla.actions import goodwill_grant
from realdesk.sla.models import GoodwillLimit
from realdesk.tickets.choices import EventKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(db):
    GoodwillLimit.objects.create(role=Role.AGENT, currency="EUR", max_amount=Decimal("50"))


def test_grant_within_authority_is_recorded(ticket, agent):
    event = goodwill_grant(
        ticket=ticket, agent=agent, amount="25.5", currency="eur", note="Late parcel"
    )
    assert event.kind == EventKind.GOODWILL_GRANTED
    assert (event.actor, event.after) == (agent, {"amount": "25.50", "currency": "EUR"})
    assert event.data == {"note": "Late parcel", "limit": "50.00"}


@pytest.mark.parametrize(
    ("amount", "currency", "note", "code"),
    [
        ("50.01", "EUR", "x", "above_authority"),
        ("10", "USD", "x", "no_authority"),
        ("0", "EUR", "x", "invalid_amount"),
        ("-5", "EUR", "x", "invalid_amount"),
        ("lots", "EUR", "x", "invalid_amount"),
        ("NaN", "EUR", "x", "invalid_amount"),
        ("10", "EUR", "  ", "empty"),
    ],
)
def test_refusals_say_why_and_record_nothing(ticket, agent, amount, currency, note, code):
    with pytest.raises(ApplicationError) as error:
        goodwill_grant(ticket=ticket, agent=agent, amount=amount, currency=currency, note=note)
    assert error.value.code == code
    assert not ticket.events.filter(kind=EventKind.GOODWILL_GRANTED).exists()


def test_read_only_has_no_authority_to_act(ticket, read_only):
    GoodwillLimit.objects.create(role=Role.READ_ONLY, currency="EUR", max_amount=Decimal("5"))
    with pytest.raises(PermissionDeniedError):
        goodwill_grant(ticket=ticket, agent=read_only, amount="1", currency="EUR", note="x")
