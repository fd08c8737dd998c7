import pytest

from factories import CustomerFactory, open_ticket
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import PermissionDeniedError
from realdesk.incidents.actions import incident_resolve, incident_tickets_link
from realdesk.tickets.actions import ticket_set_status
from realdesk.tickets.choices import Status

pytestmark = pytest.mark.django_db


def test_resolving_solves_the_open_linked_tickets_with_one_message_each(incident, lead):
    ann, bob = CustomerFactory(), CustomerFactory()
    waiting, done = open_ticket(customer=ann), open_ticket(customer=bob)
    incident_tickets_link(actor=lead, incident=incident, tickets=[waiting, done])
    ticket_set_status(ticket=done, status=Status.SOLVED, actor=lead, reason="asked by phone")

    update = incident_resolve(
        actor=lead, incident=incident, body="Fixed.", solve_message="Sign-in works again."
    )

    waiting.refresh_from_db()
    incident.refresh_from_db()
    assert incident.status == "resolved"
    assert waiting.status == Status.SOLVED
    assert waiting.messages.filter(body_text="Sign-in works again.").exists()
    # Ann reads the reply on her ticket; Bob, whose ticket was solved already, the update.
    assert update.customers_notified == 1
    assert OutboundEmail.objects.filter(ticket=waiting, kind="reply").count() == 1
    assert not OutboundEmail.objects.filter(ticket=waiting, kind="notice").exists()
    assert OutboundEmail.objects.filter(ticket=done, kind="notice").count() == 1


def test_an_agent_cannot_resolve(incident, agent, ticket):
    with pytest.raises(PermissionDeniedError):
        incident_resolve(actor=agent, incident=incident, body="Fixed.", solve_message="Done")
    ticket.refresh_from_db()
    assert ticket.status != Status.SOLVED
