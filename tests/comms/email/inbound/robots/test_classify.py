"""Tests for ``realdesk.comms.email.inbound.robots.classify``: auto-replies, lists and bounces.

Every message here is written for this test, modelled on what common clients and MTAs
send (Outlook/Exchange, Gmail, Postfix, Exim); no third-party data is used.
"""

from __future__ import annotations

import pytest

from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.robots.bounce import Bounce, parse_bounce
from realdesk.comms.email.inbound.robots.classify import classify_automatic

OWN = ("support@desk.example", "Help@Desk.Example")


def raw(*headers: str, body: str = "Hello, my printer is broken.\n") -> bytes:
    text = "\r\n".join(headers) + "\r\n\r\n" + body.replace("\n", "\r\n")
    return text.encode()


HUMAN = (
    "From: Alice Example <alice@example.com>",
    "To: support@desk.example",
    "Subject: Printer broken",
    "Message-ID: <human-1@example.com>",
    "Date: Tue, 02 Apr 2024 10:15:00 +0200",
    "Return-Path: <alice@example.com>",
)


def classify(*headers: str, body: str = "Hi\n") -> str | None:
    return classify_automatic(parse_message(raw(*headers, body=body)), own_addresses=OWN)


def test_human_message_is_not_automatic() -> None:
    assert classify(*HUMAN) is None
    assert classify(*HUMAN, "Auto-Submitted: no") is None
    assert classify(*HUMAN, "Precedence: first-class") is None


@pytest.mark.parametrize(
    ("extra", "subject", "expected"),
    [
        # Outlook / Exchange out-of-office
        (["X-Auto-Response-Suppress: All", "Auto-Submitted: auto-replied"],
         "Automatic reply: Printer broken", "auto-reply: Auto-Submitted auto-replied"),
        (["X-Auto-Response-Suppress: DR, OOF, AutoReply"], "Out of Office: Printer broken",
         "auto-reply: X-Auto-Response-Suppress"),
        # Gmail vacation responder
        (["Auto-Submitted: auto-replied", "Precedence: bulk"], "Re: Printer broken",
         "auto-reply: Auto-Submitted auto-replied"),
        # Other autoresponders flag themselves with X- headers only
        (["X-Autoreply: yes"], "Re: Printer broken", "auto-reply: X-Autoreply header"),
        (["X-Autorespond: Printer broken"], "Re: Printer broken", "auto-reply: X-Autoreply header"),
        # Subject-only out-of-office in other languages
        ([], "Abwesenheitsnotiz: Printer broken", "auto-reply: vacation (de)"),
        ([], "Réponse automatique : Printer broken", "auto-reply: vacation (fr)"),
        # Notifications
        (["Auto-Submitted: auto-generated"], "Your invoice", "auto-submitted: auto-generated"),
        (["Auto-Submitted: auto-notified; owner-email=x@example.com"], "Notice",
         "auto-submitted: auto-notified"),
        (["Precedence: bulk"], "Newsletter", "bulk: precedence bulk"),
        (["Precedence: junk"], "Offer", "bulk: precedence junk"),
        (["Precedence: list"], "Re: [team] hi", "mailing list: precedence list"),
        (["List-Id: Team discussion <team.lists.example.com>"], "Re: [team] hi",
         "mailing list: List-Id"),
        (["List-Unsubscribe: <https://news.example.com/u/1>"], "Our news",
         "mailing list: List-Unsubscribe"),
    ],
)  # fmt: skip
def test_auto_replies_and_bulk(extra: list[str], subject: str, expected: str) -> None:
    headers = [h for h in HUMAN if not h.startswith("Subject:")]
    assert classify(*headers, f"Subject: {subject}", *extra) == expected


def test_subject_mentioning_out_of_office_in_the_middle_is_human() -> None:
    headers = [h for h in HUMAN if not h.startswith("Subject:")]
    assert classify(*headers, "Subject: Re: my out of office message is broken") is None


def test_null_return_path() -> None:
    headers = [h for h in HUMAN if not h.startswith("Return-Path:")]
    assert classify(*headers, "Return-Path: <>") == "null return path"


@pytest.mark.parametrize(
    ("sender", "reason"),
    [
        ("From: MAILER-DAEMON@mx.example.net", "mail system: mailer-daemon@mx.example.net"),
        ("From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
         "mail system: mailer-daemon@mx.example.net"),
        ("From: postmaster@example.net", "mail system: postmaster@example.net"),
        ("From: post_master@example.net", "mail system: post_master@example.net"),
        ("From: Post-Master2@example.net", "mail system: post-master2@example.net"),
        ("From: MAILER_DAEMON@example.net", "mail system: mailer_daemon@example.net"),
        ("From: MAILER DAEMON <>", "mail system: MAILER DAEMON <>"),
    ],
)  # fmt: skip
def test_mailer_daemon(sender: str, reason: str) -> None:
    headers = [h for h in HUMAN if not h.startswith("From:")]
    assert classify(sender, *headers) == reason


def test_a_person_called_post_master_is_not_a_mail_system() -> None:
    headers = [h for h in HUMAN if not h.startswith("From:")]
    assert classify("From: Post Master <post.master@example.net>", *headers) is None


@pytest.mark.parametrize("sender", ["From: support@desk.example", "From: Desk <HELP@desk.example>"])
def test_own_address_is_a_loop(sender: str) -> None:
    headers = [h for h in HUMAN if not h.startswith("From:")]
    assert classify(sender, *headers) == "own address"


def test_x_loop_marker() -> None:
    assert classify(*HUMAN, "X-Loop: support@desk.example") == "x-loop"
    assert classify(*HUMAN, "X-Loop: someone-else@example.org") is None


# -- bounces ---------------------------------------------------------------------------------------
POSTFIX_DSN = raw(
    "Return-Path: <>",
    "From: MAILER-DAEMON@mail.desk.example (Mail Delivery System)",
    "Subject: Undelivered Mail Returned to Sender",
    "To: support@desk.example",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="PF.1"',
    "Message-Id: <20240402101500.AB12@mail.desk.example>",
    body="""This is a MIME-encapsulated message.

--PF.1
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.desk.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nobody@customer.example>: host mx.customer.example[192.0.2.7] said: 550 5.1.1
    <nobody@customer.example>: Recipient address rejected: User unknown

--PF.1
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.desk.example
X-Postfix-Queue-ID: AB12
Arrival-Date: Tue,  2 Apr 2024 10:14:58 +0200 (CEST)

Final-Recipient: rfc822; nobody@customer.example
Original-Recipient: rfc822;nobody@customer.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.customer.example
Diagnostic-Code: smtp; 550 5.1.1 <nobody@customer.example>: Recipient address
    rejected: User unknown

--PF.1
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Support <support@desk.example>
To: nobody@customer.example
Subject: [#1042] Your request
Message-ID: <ticket-1042.reply-7@desk.example>

--PF.1--
""",
)

EXIM_BOUNCE = raw(
    "Return-path: <>",
    "From: Mail Delivery System <Mailer-Daemon@mx.hosting.example>",
    "To: support@desk.example",
    "Subject: Mail delivery failed: returning message to sender",
    "Message-Id: <E1abc-0001@mx.hosting.example>",
    "X-Failed-Recipients: gone@customer.example",
    "Auto-Submitted: auto-replied",
    body="""This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  gone@customer.example
    host mx.customer.example [192.0.2.9]
    SMTP error from remote mail server after RCPT TO:<gone@customer.example>:
    550 5.1.1 The email account that you tried to reach does not exist

------ This is a copy of the message, including all the headers. ------

Return-path: <support@desk.example>
From: Support <support@desk.example>
To: gone@customer.example
Subject: [#77] Re: refund
Message-ID: <ticket-77.reply-2@desk.example>

Hello again.
""",
)

GMAIL_DSN = raw(
    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
    "To: support@desk.example",
    "Subject: Delivery Status Notification (Failure)",
    "Auto-Submitted: auto-replied",
    "Message-ID: <65f0a1b2.abc@mx.google.com>",
    'Content-Type: multipart/report; boundary="g1"; report-type=delivery-status',
    body="""--g1
Content-Type: multipart/related; boundary="g2"

--g2
Content-Type: multipart/alternative; boundary="g3"

--g3
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to typo@gmial.example because the address couldn't be found.

The response was:

The email account that you tried to reach does not exist.

--g3
Content-Type: text/html; charset="UTF-8"

<html><body><h2>Address not found</h2></body></html>

--g3--

--g2--

--g1
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Received-From-MTA: dns; support@desk.example
Arrival-Date: Tue, 02 Apr 2024 01:15:00 -0700 (PDT)
X-Original-Message-ID: <ticket-9.reply-1@desk.example>

Final-Recipient: rfc822; typo@gmial.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; gmial-smtp-in.l.google.com. (192.0.2.26, the server for the domain.)
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
 not exist. Please try double-checking the recipient's email address.
Last-Attempt-Date: Tue, 02 Apr 2024 01:15:01 -0700 (PDT)

--g1
Content-Type: message/rfc822

From: Support <support@desk.example>
To: typo@gmial.example
Subject: [#9] Hello
Message-ID: <ticket-9.reply-1@desk.example>

Hello there.

--g1--
""",
)

EXCHANGE_DSN = raw(
    "From: postmaster@contoso.example",
    "To: support@desk.example",
    "Subject: Undeliverable: [#5] Invoice question",
    "Content-Language: en-US",
    "Message-ID: <ex-dsn-1@contoso.example>",
    "Auto-Submitted: auto-replied",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="ex1"',
    body="""--ex1
Content-Type: multipart/alternative; boundary="ex2"

--ex2
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups:

bob@contoso.example
The email address you entered couldn't be found.

--ex2--

--ex1
Content-Type: message/delivery-status

Reporting-MTA: dns;EX01.contoso.example
Received-From-MTA: dns;mail.desk.example
Arrival-Date: Tue, 2 Apr 2024 08:15:00 +0000

Final-recipient: RFC822; bob@contoso.example
Action: failed
Status: 5.1.10
Diagnostic-code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found

--ex1
Content-Type: message/rfc822

From: Support <support@desk.example>
To: Bob <bob@contoso.example>
Subject: [#5] Invoice question
Message-ID: <ticket-5.reply-3@desk.example>
MIME-Version: 1.0
Content-Type: text/plain

Dear Bob,

--ex1--
""",
)

TRANSIENT_DSN = raw(
    "Return-Path: <>",
    "From: MAILER-DAEMON@mail.desk.example (Mail Delivery System)",
    "Subject: Delayed Mail (still being retried)",
    "To: support@desk.example",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="T.1"',
    body="""--T.1
Content-Type: text/plain

This is the mail system. Your message could not be delivered for 4 hours. It will be retried.

--T.1
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.desk.example

Final-Recipient: rfc822; slow@customer.example
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.customer.example: Connection timed out

--T.1--
""",
)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (POSTFIX_DSN, Bounce(("nobody@customer.example",), "5.1.1", True, "failed",
                             "ticket-1042.reply-7@desk.example",
                             "smtp; 550 5.1.1 <nobody@customer.example>: Recipient address "
                             "rejected: User unknown", True)),
        (GMAIL_DSN, Bounce(("typo@gmial.example",), "5.1.1", True, "failed",
                           "ticket-9.reply-1@desk.example",
                           "smtp; 550-5.1.1 The email account that you tried to reach does "
                           "not exist. Please try double-checking the recipient's email address.",
                           True)),
        (EXCHANGE_DSN, Bounce(("bob@contoso.example",), "5.1.10", True, "failed",
                              "ticket-5.reply-3@desk.example",
                              "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not "
                              "found", True)),
        (EXIM_BOUNCE, Bounce(("gone@customer.example",), "5.1.1", True, "failed",
                             "ticket-77.reply-2@desk.example",
                             "550 5.1.1 The email account that you tried to reach does not "
                             "exist", False)),
    ],
    ids=["postfix-rfc3464", "gmail", "exchange", "exim-x-failed-recipients"],
)  # fmt: skip
def test_permanent_bounces(message: bytes, expected: Bounce) -> None:
    assert parse_bounce(message) == expected
    parsed = parse_message(message)
    assert parse_bounce(parsed) == expected  # ParsedEmail or bytes, same answer
    assert (classify_automatic(parsed, own_addresses=OWN) or "").startswith("bounce: ")


def test_transient_bounce_is_not_permanent() -> None:
    bounce = parse_bounce(TRANSIENT_DSN)
    assert bounce is not None
    assert (bounce.recipients, bounce.status, bounce.permanent, bounce.action) == (
        ("slow@customer.example",),
        "4.4.1",
        False,
        "delayed",
    )
    assert bounce.original_message_id is None


def test_non_standard_bounce_without_x_failed_recipients() -> None:
    message = raw(
        "From: MAILER-DAEMON@old.example",
        "Subject: failure notice",
        "Return-Path: <>",
        body=(
            "Hi. This is the qmail-send program at old.example.\n"
            "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
            "<left@old.example>:\n192.0.2.1 does not like recipient.\n"
            "Remote host said: 550 sorry, no mailbox here by that name\n"
        ),
    )
    bounce = parse_bounce(message)
    assert bounce is not None
    assert (bounce.recipients, bounce.status, bounce.permanent, bounce.standard) == (
        ("left@old.example",),
        "550",
        True,
        False,
    )


def test_delivery_success_report_is_not_a_bounce() -> None:
    message = TRANSIENT_DSN.replace(b"Action: delayed", b"Action: delivered").replace(
        b"Status: 4.4.1", b"Status: 2.0.0"
    )
    assert parse_bounce(message) is None


@pytest.mark.parametrize(
    "headers",
    [
        HUMAN,
        (*HUMAN[:2], "Subject: Undeliverable parcel, please help"),  # human talking about it
        ("From: MAILER-DAEMON@x.example", "Subject: Mail delivery failed"),  # no code at all
    ],
)
def test_not_bounces(headers: tuple[str, ...]) -> None:
    assert (
        parse_bounce(raw(*headers, body="The parcel never arrived, tracking says 123.\n")) is None
    )


def test_garbage_is_not_a_bounce() -> None:
    assert parse_bounce(b"\x00\xff garbage") is None
    assert classify_automatic(parse_message(b""), own_addresses=()) is None


def test_a_list_robots_verp_address_is_a_list_robot() -> None:
    headers = [h for h in HUMAN if not h.startswith("From:")]
    sender = "From: users-bounces+jane=example.com@lists.example.org"
    assert classify(sender, *headers) == "list robot: -bounces"
