"""The customer's "my problem is solved" asks about the updates we still owe them (16.6):
whether they still want each, with its time on their clock; neither is refused."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from factories import open_ticket
from realdesk.sla.actions.promises import promise_make
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.models import Promise
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def promised(customer, agent, team):
    customer.timezone = "Europe/Berlin"
    customer.save()
    ticket = open_ticket(customer=customer, team=team)
    year = timezone.now().year + 1
    due = datetime(year, 1, 5, 8, 2, tzinfo=UTC)  # 09:02 in Berlin
    promise_make(ticket=ticket, agent=agent, due_at=due, what="confirm the refund")
    return ticket


def test_the_solve_button_asks_about_what_we_still_owe(sign_in_as, customer, promised):
    page = sign_in_as(customer).get(f"/support/requests/{promised.number}/").content.decode()
    assert "We still owe you an update:" in page
    assert "“confirm the refund”, by " in page
    assert ", 9:02 am CET</li>" in page  # the exact promised minute, on their clock
    assert 'name="open_promises" value="keep" required' in page


def test_without_an_answer_nothing_is_solved(sign_in_as, customer, promised):
    response = sign_in_as(customer).post(f"/support/requests/{promised.number}/solve/")
    assert response.status_code == 400
    assert "Tell us whether you still want it" in response.content.decode()
    assert Ticket.objects.get(pk=promised.pk).status != Status.SOLVED


@pytest.mark.parametrize(
    ("answer", "status"), [("keep", PromiseStatus.OPEN), ("release", PromiseStatus.RELEASED)]
)
def test_the_answer_decides(sign_in_as, customer, promised, answer, status):
    client = sign_in_as(customer)
    response = client.post(f"/support/requests/{promised.number}/solve/", {"open_promises": answer})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=promised.pk).status == Status.SOLVED
    assert Promise.objects.get(ticket=promised).status == status


def test_the_german_page_asks_in_german(sign_in_as, customer, promised):
    client = sign_in_as(customer)
    page = client.get(
        f"/support/requests/{promised.number}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Wir schulden Ihnen noch eine Nachricht:" in page
    assert ", 9:02 CET</li>" in page


def test_without_open_promises_nothing_is_asked(sign_in_as, customer, team):
    ticket = open_ticket(customer=customer, team=team)
    page = sign_in_as(customer).get(f"/support/requests/{ticket.number}/").content.decode()
    assert "open_promises" not in page
    response = sign_in_as(customer).post(f"/support/requests/{ticket.number}/solve/")
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SOLVED
    assert timedelta(0) <= timezone.now() - Ticket.objects.get(pk=ticket.pk).solved_at
