"""Loop protection over mail written for these tests (robot_mail/) and real human mail.

robot_mail/robots/ holds one message per kind of robot that got acknowledgements in the
field (ARF and DMARC reports, Amazon SES notifications through SNS, mailing-list robots,
postmaster spellings, a Japanese carrier's bounce in ISO-2022-JP, bounces forwarded by a
person, vacation replies without any automatic header in eleven languages);
robot_mail/people/ holds people who look a little like robots and must be answered. The
real human mail is the shared talon and github/email_reply_parser corpora (see
../shared/data/README.md), read at test time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.robots.bounce import parse_bounce
from realdesk.comms.email.inbound.robots.classify import classify_automatic
from support.robot_mail import OWN, PEOPLE, ROBOT_MAIL, ROBOTS, SHARED, person, robot


def test_every_robot_fixture_has_its_expected_reason() -> None:
    assert sorted(ROBOTS) == sorted(p.name for p in (ROBOT_MAIL / "robots").glob("*.eml"))


@pytest.mark.parametrize(("name", "reason"), ROBOTS.items())
def test_robot_is_recognised_with_a_specific_reason(name: str, reason: str) -> None:
    assert classify_automatic(parse_message(robot(name)), own_addresses=OWN) == reason


@pytest.mark.parametrize("name", PEOPLE)
def test_person_is_not_taken_for_a_robot(name: str) -> None:
    message = parse_message(person(name))
    assert classify_automatic(message, own_addresses=OWN) is None
    assert parse_bounce(message, own_addresses=OWN) is None


@pytest.mark.parametrize(
    ("name", "recipients", "status"),
    [
        ("jp_carrier_bounce.eml", ("taro@mobile.carrier.example.jp",), "550"),
        # "Lotus SMTP MTA v4.6.1" is a version, not a (temporary) status
        ("lotus_bounce.eml", ("bob@notes.partner.example",), "550"),
    ],
)
def test_bounce_without_a_delivery_status_part(name, recipients, status) -> None:
    bounce = parse_bounce(parse_message(robot(name)), own_addresses=OWN)
    assert bounce is not None
    assert (bounce.recipients, bounce.status, bounce.permanent) == (recipients, status, True)


def test_a_person_forwarding_our_bounce_flags_nobody() -> None:
    """Only a mail system's own report flags an address; a forward is recorded, no more."""
    message = parse_message(robot("bounce_forwarded_attached.eml"))
    assert parse_bounce(message, own_addresses=OWN) is None


def human_corpus() -> list[Path]:
    files = sorted((SHARED / "talon").rglob("*.eml"))
    return files + sorted((SHARED / "github_email_reply_parser").rglob("*.txt"))


def as_email(path: Path) -> bytes:
    """email_reply_parser's cases are bodies: sent here by a person, as they would be."""
    data = path.read_bytes()
    if path.suffix == ".txt":
        data = b"From: Pat Person <pat@customer.example>\nSubject: A question\n\n" + data
    return data


@pytest.mark.parametrize("path", human_corpus(), ids=lambda p: p.name)
def test_real_human_mail_is_never_suppressed(path: Path) -> None:
    message = parse_message(as_email(path))
    assert classify_automatic(message, own_addresses=OWN) is None
    assert parse_bounce(message, own_addresses=OWN) is None


def test_human_corpus_is_there() -> None:
    if not SHARED.exists():
        pytest.skip(f"shared fixtures not found under {SHARED}")
    assert len(human_corpus()) >= 30


#: CPython's email test messages that are not a person writing to us, and why.
CPYTHON_MACHINES = {
    "msg_02.txt": "list robot: -request",  # a list digest from ppp-request@
    "msg_05.txt": "bounce: delivery report",
    "msg_16.txt": "bounce: delivery report",
    "msg_25.txt": "bounce: delivery report",
    "msg_32.txt": "bulk: precedence bulk",  # list traffic
    "msg_33.txt": "bulk: precedence bulk",
    "msg_42.txt": "mail system: xxx@example.com",  # From: Mail Delivery Subsystem
    "msg_43.txt": "bounce: delivery report",
}


def test_cpython_corpus_only_its_machine_mail_is_suppressed() -> None:
    files = sorted((SHARED / "cpython_test_email" / "data").glob("msg_*.txt"))
    if not files:
        pytest.skip(f"shared fixtures not found under {SHARED}")
    reasons = {
        path.name: classify_automatic(parse_message(path.read_bytes()), own_addresses=OWN)
        for path in files
    }
    assert {name: reason for name, reason in reasons.items() if reason} == CPYTHON_MACHINES


@pytest.mark.parametrize(
    "body",
    [
        b"a@b.cd " * 150_000,
        (b"said " * 80 + b"\r\n") * 3000,
        (b"a!b!1234567!" * 40 + b"\r\n") * 2000,
        (b"on " + b"x" * 190 + b"\r\n") * 5000,
        b"4.4.4." * 200_000,
    ],
    ids=["addresses", "said", "dmarc-names", "attributions", "dotted-codes"],
)
def test_hostile_megabyte_is_classified_quickly(body: bytes) -> None:
    """Every pattern is bounded and applied to bounded slices: time grows with the size."""
    for headers in (
        b"From: MAILER-DAEMON@x.example\r\nSubject: Undelivered Mail\r\nReturn-Path: <>\r\n",
        b"From: jane@customer.example\r\nSubject: Out of office: question\r\n",
    ):
        message = parse_message(headers + b"\r\n" + body)
        started = time.perf_counter()
        parse_bounce(message, own_addresses=OWN)
        classify_automatic(message, own_addresses=OWN)
        assert time.perf_counter() - started < 1.0
