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
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from factories import AgentFactory
from realdesk.accounts.choices import IdentityKind, Role
from realdesk.accounts.tasks import login_unlock_send
from realdesk.comms.choices import InboundOutcome, OutboundKind, OutboundStatus
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.email.outbound.outbox import ONE_TIME_LINK_REMOVED, outbound_send
from realdesk.comms.email.tasks import send_due_emails, send_outbound_emails
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.comms.outbound import AgentNotice, notify_agents
from realdesk.portal_access.actions import signin_token_issue
from realdesk.portal_access.addresses import address_confirmation_send, customer_address_add
from realdesk.portal_access.requests import web_request_submit
from realdesk.portal_access.tasks import signin_link_send
from realdesk.sla.actions.promises import promise_make
from realdesk.surveys.actions import nps_ask_due, rating_ask
from realdesk.tickets.actions import message_send, ticket_set_status, ticket_transfer
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket
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


LOOK = AgentNotice(subject="Look", body="Please look.")


def agent_notification(ticket, agent):
    notify_agents(agents=[agent], notice=lambda: LOOK, ticket_number=ticket.number)
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


# Mail about no ticket


def sign_in_mail() -> OutboundEmail:
    """A sign-in link for Jane, queued by the worker's task; the row."""
    email_receive(data=make_email(), source="test")  # Jane's first contact proves her address
    OutboundEmail.objects.update(status=OutboundStatus.SENT)
    token = signin_token_issue(address=JANE, next_path="")
    signin_link_send.call(token_id=token.pk)
    return OutboundEmail.objects.get(kind=OutboundKind.SIGN_IN)


def test_mail_about_no_ticket_has_no_thread_and_no_ticket_reply_address(smtp_server):
    outbound = sign_in_mail()
    assert outbound.ticket is None
    assert "/support/sign-in/" in outbound.body_text  # kept until it is sent: retries need it
    assert outbound_send(outbound.pk) == OutboundStatus.SENT
    headers = parsed(smtp_server.messages[0][2])
    assert headers["Reply-To"] is None
    assert headers["In-Reply-To"] is None
    assert headers["References"] is None
    assert headers["Auto-Submitted"] == "auto-generated"
    assert "/support/sign-in/" in headers.get_body(("plain",)).get_content()
    outbound.refresh_from_db()
    assert outbound.body_text == ONE_TIME_LINK_REMOVED  # no drawer full of keys


def test_a_bounced_address_gets_no_sign_in_link_and_the_row_says_why(smtp_server):
    AddressFlag.objects.create(address=JANE, reason="550 user unknown", flagged_at=timezone.now())
    outbound = sign_in_mail()
    assert outbound_send(outbound.pk) == OutboundStatus.SUPPRESSED
    assert smtp_server.messages == []
    outbound.refresh_from_db()
    assert outbound.last_error == "address flagged: 550 user unknown"
    assert outbound.body_text == ONE_TIME_LINK_REMOVED


def test_a_bounce_of_mail_about_no_ticket_is_kept_on_its_row_and_threads_nowhere(smtp_server):
    outbound = sign_in_mail()
    outbound_send(outbound.pk)
    dsn = make_email(
        sender="MAILER-DAEMON@mx.example.org",
        subject="Undelivered Mail Returned to Sender",
        body=(
            "This is the mail system.\n\n<jane@example.org>: host mx said: 550 5.1.1 "
            f"user unknown\n\nMessage-ID: <{outbound.rfc_message_id}>\n"
        ),
        headers={"X-Failed-Recipients": JANE},
    )
    assert email_receive(data=dsn, source="test")[0].outcome == InboundOutcome.SUPPRESSED
    outbound.refresh_from_db()
    assert "550 5.1.1" in outbound.last_error
    assert AddressFlag.objects.filter(address=JANE).exists()


def test_an_answer_to_mail_about_no_ticket_opens_a_ticket_of_its_own(smtp_server):
    outbound = sign_in_mail()
    tickets = Ticket.objects.count()
    answer = make_email(
        subject="Re: Your sign-in link",
        body="The link does not work.",
        headers={"In-Reply-To": f"<{outbound.rfc_message_id}>"},
    )
    delivered = email_receive(data=answer, source="test")[0]
    assert delivered.outcome == InboundOutcome.TICKET_CREATED
    assert Ticket.objects.count() == tickets + 1


def test_agents_are_told_only_if_the_change_commits(agent, ticket):
    def change_that_fails() -> None:
        with transaction.atomic():
            notify_agents(agents=[agent], notice=lambda: LOOK, ticket_number=ticket.number)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboundEmail.objects.exists()
    assert notify_agents(agents=[agent], notice=lambda: LOOK) == [agent.email]
    (told,) = OutboundEmail.objects.all()
    assert (told.kind, told.ticket_id) == (OutboundKind.AGENT_NOTICE, None)
    assert told.to_address == agent.email


def test_the_admin_does_not_show_a_queued_sign_in_link(client):
    outbound = sign_in_mail()
    client.force_login(AgentFactory(role=Role.ADMIN))
    page = client.get(f"/admin/comms/outboundemail/{outbound.pk}/change/").content.decode()
    assert JANE in page
    assert "/support/sign-in/" not in page
    ack = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT)
    page = client.get(f"/admin/comms/outboundemail/{ack.pk}/change/").content.decode()
    assert "we have received your request" in page


def test_web_requests_share_the_acknowledgement_cap_with_email(settings):
    """Nobody mail-bombs an address through the request form either."""
    settings.REALDESK_EMAIL_ACK_PER_ADDRESS = 2
    email_receive(data=make_email(sender="Ann <ann@example.org>"), source="test")
    for _ in range(2):
        web_acknowledgement(None, None)
    assert Ticket.objects.count() == 3  # every request is a ticket
    acks = OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT)
    assert list(acks.values_list("to_address", flat=True)) == ["ann@example.org"] * 2


def test_each_agent_is_told_in_their_own_language(agent, lead):
    """A task has no browser to ask: the mail follows the language the agent chose."""
    lead.language = "de"
    lead.save(update_fields=["language"])
    told = notify_agents(
        agents=[agent, lead],
        notice=lambda: AgentNotice(
            subject=gettext("Not found."), body=gettext("Too many requests.")
        ),
    )
    assert told == sorted([agent.email, lead.email])
    mails = {mail.to_address: mail for mail in OutboundEmail.objects.all()}
    assert (mails[agent.email].subject, mails[agent.email].body_text) == (
        "Not found.",
        "Too many requests.",
    )
    assert (mails[lead.email].subject, mails[lead.email].body_text) == (
        "Nicht gefunden.",
        "Zu viele Anfragen.",
    )
