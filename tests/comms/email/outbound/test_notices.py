"""Updates no agent typed still reach the customer by email: transfers and promises."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory
from realdesk.comms.models import OutboundEmail
from realdesk.sla.actions.promises import promise_make, promise_miss
from realdesk.tickets.actions import ticket_set_status, ticket_transfer
from realdesk.tickets.choices import OpenPromises, Status

pytestmark = pytest.mark.django_db


def notices(ticket):
    return list(OutboundEmail.objects.filter(ticket=ticket, kind="notice").order_by("pk"))


def test_transfer_tells_the_customer_once(email_ticket, agent, team):
    colleague = AgentFactory(teams=[team], full_name="Mei Chen")
    ticket_transfer(ticket=email_ticket, actor=agent, owner=colleague, note="Billing question")
    (notice,) = notices(email_ticket)
    assert notice.to_address == "jane@example.org"
    assert "Mei Chen" in notice.body_text
    assert notice.message is not None


def test_promise_made_and_missed_reach_the_customer(email_ticket, agent):
    due = timezone.now() + timedelta(hours=2)
    promise = promise_make(ticket=email_ticket, agent=agent, due_at=due, what="the refund")
    made = notices(email_ticket)
    assert len(made) == 1
    assert "the refund" in made[0].body_text
    assert promise_miss(promise=promise, now=due + timedelta(minutes=1))
    missed = notices(email_ticket)[1:]
    assert len(missed) == 1
    assert missed[0].body_text != made[0].body_text


def test_a_promise_an_agent_releases_on_solving_reaches_the_customer(email_ticket, agent):
    due = timezone.now() + timedelta(hours=2)
    promise_make(ticket=email_ticket, agent=agent, due_at=due, what="the refund")
    ticket_set_status(
        ticket=email_ticket,
        status=Status.SOLVED,
        actor=agent,
        reason="Solved on the phone",
        open_promises=OpenPromises.RELEASE,
        release_reason="we solved it together on the phone",
    )
    released = notices(email_ticket)[1:]
    assert len(released) == 1
    assert released[0].body_text.endswith(
        "That update is no longer coming: we solved it together on the phone."
    )


@pytest.mark.parametrize(
    ("language", "transferred", "made", "missed"),
    [
        (
            "de",
            "kümmert sich jetzt Mei Chen",
            "Wir melden uns bis",
            "Das haben wir nicht geschafft",
        ),
        ("fr", "est désormais suivie par Mei Chen", "Nous reviendrons vers vous", "pas parvenus"),
        ("es", "se ocupa ahora de su solicitud", "Le informaremos", "No lo hemos conseguido"),
    ],
)
def test_notices_are_in_the_customers_language(
    email_ticket, agent, team, language, transferred, made, missed
):
    email_ticket.language = language
    email_ticket.save(update_fields=["language"])
    colleague = AgentFactory(teams=[team], full_name="Mei Chen")
    ticket_transfer(ticket=email_ticket, actor=agent, owner=colleague, note="Billing question")
    due = timezone.now() + timedelta(hours=2)
    promise = promise_make(ticket=email_ticket, agent=colleague, due_at=due, what="Rückzahlung")
    promise_miss(promise=promise, now=due + timedelta(minutes=1))
    texts = [notice.body_text for notice in notices(email_ticket)]
    assert len(texts) == 3
    assert transferred in texts[0]
    assert made in texts[1]
    assert "Rückzahlung" in texts[1]
    assert missed in texts[2]
