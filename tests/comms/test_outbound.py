"""Every kind of mail we send goes through the outbox, and survives a relay that refuses it.

Each case makes its mail the way the application does (the action, the reaction or the
worker's task), against the real SMTP server on 127.0.0.1 turning mail away; the worker's
first attempt is refused and kept, and after the backoff the periodic sweep delivers it.
"""

import email
from collections.abc import Callable
from datetime import timedelta
from email import policy

import pytest
from django.db.models import Max
from django.utils import timezone

from factories import AgentFactory
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.tasks import login_unlock_send
from realdesk.comms.choices import OutboundKind, OutboundStatus
from realdesk.comms.email.receive import email_receive
from realdesk.comms.email.tasks import send_due_emails, send_outbound_emails
from realdesk.comms.models import OutboundEmail
from realdesk.comms.outbound import notify_agents
from realdesk.portal_access.actions import signin_token_issue
from realdesk.portal_access.addresses import address_confirmation_send, customer_address_add
from realdesk.portal_access.requests import web_request_submit
from realdesk.portal_access.tasks import signin_link_send
from realdesk.sla.actions.promises import promise_make
from realdesk.surveys.actions import nps_ask_due, rating_ask
from realdesk.tickets.actions import message_send, ticket_set_status, ticket_transfer
from realdesk.tickets.choices import Status
from support.mail import make_email
from support.queue import run_queued

pytestmark = pytest.mark.django_db

JANE = "jane@example.org"  # the customer of `email_ticket`


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def solve(ticket, agent):
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent, reason="Fixed by phone")
    return ticket.events.get(after=Status.SOLVED)


def email_acknowledgement(ticket, agent):
    email_receive(data=make_email(sender="Kim Lee <kim@example.org>"), source="test")
    return "kim@example.org"


def web_acknowledgement(ticket, agent):
    web_request_submit(
        name="Ann", email="ann@example.org", subject="Parcel", description="Crushed.", language="en"
    )
    return "ann@example.org"


def reply(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Unplug it, please.")
    return JANE


def handoff_notice(ticket, agent):
    colleague = AgentFactory(teams=agent.teams.all(), full_name="Mei Chen")
    ticket_transfer(ticket=ticket, actor=agent, owner=colleague, note="Billing question")
    return JANE


def promise_notice(ticket, agent):
    due = timezone.now() + timedelta(hours=2)
    promise_make(ticket=ticket, agent=agent, due_at=due, what="the refund")
    return JANE


def rating_survey(ticket, agent):
    rating_ask(solve_event=solve(ticket, agent))
    return JANE


def nps_survey(ticket, agent):
    solve(ticket, agent)
    assert nps_ask_due() == 1
    return JANE


def sign_in_link(ticket, agent):
    token = signin_token_issue(address=JANE, next_path="")
    assert signin_link_send.call(token_id=token.pk) is True  # what the worker does
    return JANE


def unlock_link(ticket, agent):
    assert login_unlock_send.call(address=agent.email) is True
    return agent.email


def address_confirmation(ticket, agent):
    added = customer_address_add(
        actor=agent, customer=ticket.customer, kind=IdentityKind.EMAIL, value="jane@work.example"
    )
    assert address_confirmation_send.call(identity_id=added.pk) is True
    return "jane@work.example"


def agent_notification(ticket, agent):
    notify_agents(agents=[agent], subject="Look", body="Please look.", ticket_number=ticket.number)
    return agent.email


K = OutboundKind
MAIL_KINDS: list[tuple[Callable, str]] = [
    (email_acknowledgement, K.ACKNOWLEDGEMENT),
    (web_acknowledgement, K.ACKNOWLEDGEMENT),
    (reply, K.REPLY),
    (handoff_notice, K.NOTIFICATION),
    (promise_notice, K.NOTIFICATION),
    (rating_survey, K.NOTIFICATION),
    (nps_survey, K.NOTIFICATION),
    (sign_in_link, K.SIGN_IN),
    (unlock_link, K.UNLOCK),
    (address_confirmation, K.ADDRESS_CONFIRMATION),
    (agent_notification, K.AGENT_NOTICE),
]

REFUSALS = {
    "451 at RCPT": ("refuse_rcpt", "451 4.3.0 Mailbox busy, try again later"),
    "554 at DATA": ("refuse_data", "554 5.3.0 Transaction failed"),
}


def test_every_outbound_kind_has_a_case():
    """A new kind of mail gets a case below, or this fails."""
    assert {kind for _, kind in MAIL_KINDS} == set(OutboundKind.values)


@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
@pytest.mark.parametrize(
    ("produce", "kind"), MAIL_KINDS, ids=[produce.__name__ for produce, _ in MAIL_KINDS]
)
def test_mail_refused_by_the_relay_is_retried_by_the_worker_until_delivered(
    produce, kind, refusal, smtp_server, email_ticket, agent, django_capture_on_commit_callbacks
):
    OutboundEmail.objects.update(status=OutboundStatus.SENT)  # the ticket's acknowledgement
    before = OutboundEmail.objects.aggregate(last=Max("pk"))["last"]
    switch, answer = refusal
    setattr(smtp_server, switch, answer)

    with django_capture_on_commit_callbacks(execute=True):
        to_address = produce(email_ticket, agent)
    (outbound,) = OutboundEmail.objects.filter(pk__gt=before)
    assert (outbound.kind, outbound.to_address) == (kind, to_address)

    # The worker's task, enqueued once the mail was committed: the relay says no.
    assert run_queued(send_outbound_emails) == [[OutboundStatus.QUEUED]]
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (OutboundStatus.QUEUED, 1)
    assert answer.split()[0] in outbound.last_error
    assert outbound.next_attempt_at > timezone.now()  # backed off, not hammered
    assert smtp_server.messages == []
    assert send_due_emails.call() == 0  # not due yet

    setattr(smtp_server, switch, None)  # the relay takes mail again
    OutboundEmail.objects.filter(pk=outbound.pk).update(next_attempt_at=timezone.now())
    assert send_due_emails.call() == 1  # the worker's periodic sweep
    ((_sender, recipients, raw),) = smtp_server.messages
    assert recipients == [to_address]
    assert parsed(raw)["Message-ID"] == f"<{outbound.rfc_message_id}>"
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (OutboundStatus.SENT, 2)
