"""One update reaches every linked customer once, through the ticket outbox, in their language."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.comms.email.outbound.outbox import outbox_send_due
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.incidents.actions import incident_tickets_link, incident_update_post

pytestmark = pytest.mark.django_db


def test_one_mail_per_customer_in_their_language(incident, lead, smtp_server):
    ann = CustomerFactory(name="Ann Example")
    jonas = CustomerFactory(name="Jonas Muster", language="de")
    older, newer = open_ticket(customer=ann), open_ticket(customer=ann)
    german = open_ticket(customer=jonas)
    incident_tickets_link(actor=lead, incident=incident, tickets=[older, newer, german])

    update = incident_update_post(
        actor=lead,
        incident=incident,
        status="identified",
        body="A certificate expired; we are renewing it.",
        body_translations={"de": "Ein Zertifikat ist abgelaufen; wir erneuern es."},
    )

    assert update.customers_notified == 2
    mails = OutboundEmail.objects.filter(kind="notice").order_by("ticket__number")
    assert [mail.ticket for mail in mails] == [newer, german]  # the newest ticket threads it
    assert "A certificate expired" in mails[0].body_text
    assert "Hello Ann" in mails[0].body_text
    assert "Ein Zertifikat ist abgelaufen" in mails[1].body_text
    assert "Anmeldung schlägt fehl" in mails[1].subject
    outbox_send_due()
    assert sorted(to for _, [to], _ in smtp_server.messages) == sorted(
        [mails[0].to_address, mails[1].to_address]
    )


def test_no_mail_when_asked_not_to(incident, lead, ticket):
    incident_tickets_link(actor=lead, incident=incident, tickets=[ticket])
    update = incident_update_post(
        actor=lead, incident=incident, status="monitoring", body="Fix out.", notify_customers=False
    )
    assert update.customers_notified == 0
    assert not OutboundEmail.objects.filter(kind="notice").exists()


def test_a_resolved_incident_takes_no_more_updates(incident, lead):
    incident_update_post(actor=lead, incident=incident, status="resolved", body="Fixed.")
    incident.refresh_from_db()
    assert incident.resolved_at is not None
    with pytest.raises(ApplicationError) as error:
        incident_update_post(actor=lead, incident=incident, status="monitoring", body="Again")
    assert error.value.code == "incident_resolved"
