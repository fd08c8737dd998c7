import pytest

from factories import CustomerFactory, open_ticket
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.incidents.actions import (
    incident_ticket_unlink,
    incident_tickets_link,
    incident_update_post,
)
from realdesk.incidents.models import IncidentTicket
from realdesk.incidents.tasks import incident_match_tickets
from realdesk.tickets.choices import EventKind
from support.queue import run_queued

pytestmark = pytest.mark.django_db(transaction=True)


def test_link_and_unlink_are_in_the_ticket_history(incident, agent, ticket):
    (link,) = incident_tickets_link(actor=agent, incident=incident, tickets=[ticket, ticket])
    assert not link.automatic
    assert incident_tickets_link(actor=agent, incident=incident, tickets=[ticket]) == []
    incident_ticket_unlink(actor=agent, incident=incident, ticket=ticket)
    linked, unlinked = ticket.events.filter(kind=EventKind.INCIDENT_LINKED).order_by("pk")
    assert linked.after == {"id": incident.pk, "title": "Sign-in fails"}
    assert unlinked.before == linked.after
    assert unlinked.after is None
    with pytest.raises(ApplicationError):
        incident_ticket_unlink(actor=agent, incident=incident, ticket=ticket)


def test_read_only_users_cannot_link(incident, read_only, ticket):
    with pytest.raises(PermissionDeniedError):
        incident_tickets_link(actor=read_only, incident=incident, tickets=[ticket])


def test_nothing_links_to_a_resolved_incident(incident, lead, ticket):
    incident_update_post(actor=lead, incident=incident, status="resolved", body="Fixed.")
    with pytest.raises(ApplicationError):
        incident_tickets_link(actor=lead, incident=incident, tickets=[ticket])


def test_a_new_matching_ticket_is_linked_and_acknowledged_naming_the_incident(incident):
    customer = CustomerFactory(name="Ann Example")
    matching = open_ticket(customer=customer, subject="Help", body_text="I cannot log in today")
    other = open_ticket(subject="Invoice", body_text="Where is my invoice?")
    assert sum(run_queued(incident_match_tickets)) == 1  # one check per opening
    (link,) = IncidentTicket.objects.all()
    assert (link.ticket, link.automatic) == (matching, True)
    (ack,) = OutboundEmail.objects.filter(ticket=matching, kind="ack")
    assert "Sign-in fails" in ack.subject
    assert "We are looking into failed sign-ins." in ack.body_text
    assert not other.incident_links.exists()
    assert run_queued(incident_match_tickets) == []  # nothing queued twice


def test_no_check_is_queued_without_an_open_incident_with_keywords(db):
    open_ticket(body_text="I cannot log in")
    assert run_queued(incident_match_tickets) == []
