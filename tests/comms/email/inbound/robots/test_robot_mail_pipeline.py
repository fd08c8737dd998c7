"""No acknowledgement to a machine, through the real ingest path; every person answered.

Robots: the fixtures of robot_mail/robots (see test_robot_mail.py) and the flufl.bounce
corpus of real bounces and warnings (../shared/data/flufl_bounce, Apache-2.0). People:
robot_mail/people. Suppressed mail is recorded with its reason and listed for admins.
"""

from __future__ import annotations

import pytest

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.inbound.record import email_receive, emails_receive
from realdesk.comms.models import AddressFlag, InboundEmail, OutboundEmail
from realdesk.tickets.models import Ticket
from support.mail import make_email
from support.robot_mail import FLUFL_CORPUS, PEOPLE, ROBOTS, person, robot

pytestmark = pytest.mark.django_db

#: The one message in flufl.bounce's corpus that is a person's reply, not a bounce.
FLUFL_PEOPLE = {"groupwise_03.txt"}


#: What the pipeline records: a bounce it can read says whether it was hard, and its code.
RECORDED = ROBOTS | {
    "jp_carrier_bounce.eml": "bounce: permanent (550)",
    "lotus_bounce.eml": "bounce: permanent (550)",
}


def acknowledgements() -> int:
    return OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT).count()


def test_no_robot_fixture_is_acknowledged():
    items = [(robot(name), f"file:{name}") for name in ROBOTS]
    received = emails_receive(items=items)
    reasons = {inbound.source[5:]: (inbound.outcome, inbound.reason) for inbound, _ in received}
    assert reasons == {name: (Outcome.SUPPRESSED, reason) for name, reason in RECORDED.items()}
    assert acknowledgements() == 0
    assert not Ticket.objects.exists()


def test_every_person_is_acknowledged():
    items = [(person(name), f"file:{name}") for name in PEOPLE]
    received = emails_receive(items=items)
    assert {inbound.outcome for inbound, _ in received} == {Outcome.TICKET_CREATED}
    assert acknowledgements() == len(PEOPLE)


def test_no_bounce_or_warning_of_the_flufl_corpus_is_acknowledged():
    files = sorted(FLUFL_CORPUS.glob("*.txt"))
    if not files:
        pytest.skip(f"flufl.bounce corpus not found under {FLUFL_CORPUS}")
    received = emails_receive(items=[(path.read_bytes(), f"file:{path.name}") for path in files])
    outcomes = {inbound.source[5:]: inbound.outcome for inbound, _ in received}
    robots = {name for name in outcomes if name not in FLUFL_PEOPLE}
    assert {outcomes[name] for name in robots} == {Outcome.SUPPRESSED}
    assert {outcomes[name] for name in FLUFL_PEOPLE} == {Outcome.TICKET_CREATED}
    acknowledged = OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT)
    assert list(acknowledged.values_list("ticket__subject", flat=True)) == [
        "RE: Vuille - (PO28169) - IND"
    ]


def failure_notice(*, status: str, failed: str, extra: str = "") -> bytes:
    return make_email(
        sender="MAILER-DAEMON@mx.partner.example",
        subject="Undelivered Mail Returned to Sender",
        body=f"This is the mail system.\n\n<{failed}>: host mx said: {status} no such user\n"
        + extra,
    )


def test_a_hard_bounce_flags_the_address_a_soft_one_never_does():
    for status, failed in [("452 4.2.2", "soft@partner.example"), ("550 5.1.1", "hard@x.example")]:
        email_receive(data=failure_notice(status=status, failed=failed), source="t")
    assert list(AddressFlag.objects.values_list("address", flat=True)) == ["hard@x.example"]


def test_a_bounce_never_flags_our_own_address_its_addressee_or_a_message_id():
    own = "support@help.example.com"
    notice = failure_notice(
        status="550 5.1.1",
        failed="gone@partner.example",
        extra=f"\nReporting for {own}: user unknown\nMessage-ID: <id.123@help.example.com>\n",
    )
    inbound, _ = email_receive(data=notice, source="t")
    assert inbound.outcome == Outcome.SUPPRESSED
    assert list(AddressFlag.objects.values_list("address", flat=True)) == ["gone@partner.example"]


def test_suppressed_mail_is_listed_for_admins_by_reason(admin_client):
    names = ["vacation_de.eml", "list_request.eml", "arf_abuse_report.eml"]
    emails_receive(items=[(robot(name), f"file:{name}") for name in names])
    page = admin_client.get(
        "/admin/comms/inboundemail/", {"reason_class": "auto-reply"}
    ).content.decode()
    assert "auto-reply: vacation (de)" in page
    assert "list robot: -request" not in page
    everything = admin_client.get("/admin/comms/inboundemail/").content.decode()
    for reason in ("auto-reply: vacation (de)", "list robot: -request", "report: feedback-report"):
        assert reason in everything
    assert InboundEmail.objects.filter(reason__startswith="report").count() == 1
