"""Where an agent's email reply goes when the customer never wrote on the ticket: an
address the customer proved before one that staff added and nobody confirmed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import CustomerFactory, IdentityFactory, open_ticket
from realdesk.accounts.choices import IdentityKind
from realdesk.comms.outbound import customer_email_address
from realdesk.tickets.choices import Channel

pytestmark = pytest.mark.django_db


def test_a_verified_address_wins_over_an_earlier_unconfirmed_one(team):
    customer = CustomerFactory(email__kind=IdentityKind.PHONE, email__value="+14155550100")
    earlier = timezone.now() - timedelta(days=3)
    IdentityFactory(
        customer=customer, value="added@example.org", created_at=earlier, verified_at=None
    )
    IdentityFactory(customer=customer, value="proved@example.org")
    ticket = open_ticket(customer=customer, team=team, channel=Channel.PHONE)
    assert customer_email_address(ticket) == "proved@example.org"


def test_an_unconfirmed_address_is_used_when_it_is_the_only_one(team):
    """A customer who only ever called, and gave an address on the phone."""
    customer = CustomerFactory(email__kind=IdentityKind.PHONE, email__value="+14155550100")
    IdentityFactory(customer=customer, value="added@example.org", verified_at=None)
    ticket = open_ticket(customer=customer, team=team, channel=Channel.PHONE)
    assert customer_email_address(ticket) == "added@example.org"
