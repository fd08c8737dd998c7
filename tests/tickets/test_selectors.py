"""What each role sees: scoping is checked here once for views and API alike."""

import pytest

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.tickets.models import Ticket
from realdesk.tickets.selectors import ticket_get, ticket_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(team):
    billing = TeamFactory(name="Billing")
    return {
        "support": open_ticket(team=team),
        "billing": open_ticket(team=billing),
        "untriaged": open_ticket(team=None),
    }


def numbers(actor):
    return {t.number for t in ticket_list(actor=actor)}


def test_agent_sees_own_teams_and_untriaged(agent, tickets):
    assert numbers(agent) == {tickets["support"].number, tickets["untriaged"].number}
    with pytest.raises(Ticket.DoesNotExist):
        ticket_get(actor=agent, number=tickets["billing"].number)


def test_lead_sees_everything(lead, tickets):
    assert numbers(lead) == {t.number for t in tickets.values()}


def test_inactive_agent_sees_nothing(tickets):
    gone = AgentFactory(is_active=False)
    assert numbers(gone) == set()


def test_list_orders_by_longest_wait(agent, team):
    older = open_ticket(team=team)
    newer = open_ticket(team=team)
    assert [t.number for t in ticket_list(actor=agent)][:2] == [older.number, newer.number]


def test_list_query_count_does_not_grow_with_tickets(agent, team, django_assert_num_queries):
    for _ in range(5):
        open_ticket(team=team)
    with django_assert_num_queries(1):
        rows = [(t.customer.name, t.owner, t.team) for t in ticket_list(actor=agent)]
    assert len(rows) == 5
