"""Failed recipients: our bounce reader against flufl.bounce (Mailman's) on its own corpus.

The corpus is flufl.bounce 6.0.0's tests/data (Apache-2.0, 115 real bounces and
warnings, see ../shared/data/README.md) with the failed recipients its tests expect
(expected.json). Both detectors run here; the figures are printed (pytest -s) and are
the ones in docs/email.md. flufl.bounce finds every address there by construction (the
expectations are its own); two of its answers are addresses the report never writes,
guessed by vendor rules (AOL's bare screen name + "@aol.com", Yale's two domains), which
a general reader does not invent. Recall is therefore compared on the addresses the
report contains, and our reader must also never name a wrong address.
"""

from __future__ import annotations

import email
import json
import logging
import re
from dataclasses import dataclass, field

import pytest
from flufl.bounce import all_failures

from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.robots.bounce import parse_bounce
from support.robot_mail import FLUFL_CORPUS as CORPUS
from support.robot_mail import OWN


@dataclass
class Score:
    found: int = 0  # expected addresses found
    found_written: int = 0  # ... of those the report itself contains
    wrong: dict[str, list[str]] = field(default_factory=dict)  # kind -> "file: address"
    agree: int = 0  # temporary/permanent as expected, of the files with recipients

    @property
    def wrong_total(self) -> int:
        return sum(len(v) for v in self.wrong.values())


def expected_cases() -> dict[str, tuple[set[str], bool]]:
    cases: dict[str, tuple[set[str], bool]] = {}
    for case in json.loads((CORPUS / "expected.json").read_text())["cases"]:
        addresses, _ = cases.get(case["file"], (set(), False))
        addresses |= {a.lower() for a in case["failed_recipients"]}
        cases[case["file"]] = (addresses, case["temporary"])
    return cases


def wrong_kind(raw: str, address: str) -> str:
    """What a wrongly named address was: the kinds the issue lists, or other."""
    escaped = re.escape(address)
    if re.search(rf"^(?:To|Cc):.*{escaped}", raw, re.I | re.M):
        return "addressee"
    if re.search(rf"^\s*(?:From|Sender|Return-Path):.*{escaped}", raw, re.I | re.M):
        return "original sender"
    if re.search(rf"(?:Message-ID:|\bid)\s*<{escaped}>", raw, re.I):
        return "Message-ID"
    return "other"


def ours(raw: bytes) -> tuple[set[str], bool | None]:
    bounce = parse_bounce(parse_message(raw), own_addresses=OWN)
    return (set(bounce.recipients), not bounce.permanent) if bounce else (set(), None)


def flufl(raw: bytes) -> tuple[set[str], bool | None]:
    temporary, permanent = all_failures(email.message_from_bytes(raw))
    found = {a.decode().lower() for a in temporary | permanent}
    return found, (bool(temporary) if found else None)


def score(detector) -> tuple[Score, int, int]:
    result, total, written = Score(), 0, 0
    for name, (expected, temporary) in sorted(expected_cases().items()):
        raw = (CORPUS / name).read_bytes()
        text = raw.decode("latin-1").lower()
        found, is_temporary = detector(raw)
        in_report = {a for a in expected if a in text}
        total, written = total + len(expected), written + len(in_report)
        result.found += len(found & expected)
        result.found_written += len(found & in_report)
        for address in sorted(found - expected):
            kind = wrong_kind(raw.decode("latin-1"), address)
            result.wrong.setdefault(kind, []).append(f"{name}: {address}")
        result.agree += bool(expected) and is_temporary == temporary
    return result, total, written


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[Score, int, int]]:
    if not (CORPUS / "expected.json").exists():
        pytest.skip(f"flufl.bounce corpus not found under {CORPUS}")
    logging.getLogger("flufl.bounce").setLevel(logging.WARNING)  # a line per detector tried
    return {"realdesk": score(ours), "flufl.bounce": score(flufl)}


def test_failed_recipients_compared_with_flufl_bounce(scores) -> None:
    with_recipients = sum(1 for expected, _ in expected_cases().values() if expected)
    for name, (result, total, written) in scores.items():
        print(
            f"\n{name}: recall {result.found}/{total} ({result.found / total:.1%}), "
            f"of addresses in the report {result.found_written}/{written}, "
            f"wrong addresses {result.wrong_total} {result.wrong}, "
            f"temporary/permanent as expected {result.agree}/{with_recipients}"
        )
    ours_result, total, written = scores["realdesk"]
    theirs, _, _ = scores["flufl.bounce"]
    assert ours_result.found_written >= theirs.found_written
    assert ours_result.found / total >= 0.97
    assert ours_result.wrong == {}  # no own address, original sender, Message-ID or other
    assert ours_result.agree / with_recipients >= 0.98


@pytest.mark.parametrize(
    "version",
    [
        "Lotus SMTP MTA v4.6.1 (693.3 8-11-1998)",
        "Lotus SMTP MTA Service 4.6.1",
        "Postfix 2.10.1",
        "Sendmail 8.15.2/8.15.2",
        "MDaemon 5.0.5",
        "IMail 4.0.5",
        "Exim 4.96 #2",
    ],
)
def test_status_codes_only_from_smtp_and_dsn_positions(version: str) -> None:
    report = (
        "From: Postmaster <postmaster@mx.partner.example>\r\n"
        "To: support@help.example.com\r\nSubject: DELIVERY FAILURE\r\n\r\n"
        "Your message was not delivered to:\r\n\r\n  bob@partner.example\r\n\r\n"
        f"because: user not listed in the directory\r\n\r\nReporting-MTA: {version}\r\n"
    ).encode()
    bounce = parse_bounce(report, own_addresses=OWN)
    assert bounce is not None
    assert (bounce.recipients, bounce.status, bounce.permanent) == (
        ("bob@partner.example",),
        None,
        True,
    )


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("<bob@partner.example>: host mx said: 550 5.1.1 user unknown", "5.1.1"),
        ("bob@partner.example... 550-5.2.2 mailbox full", "5.2.2"),
        ("Sorry, no mailbox here by that name. (#5.1.1)", "5.1.1"),
        ("Remote host said: 554 delivery error", "554"),
        ("  452 4.2.2 Over quota", "4.2.2"),
    ],
)
def test_status_codes_in_smtp_positions_are_read(line: str, status: str) -> None:
    report = (
        "From: MAILER-DAEMON@mx.partner.example\r\nTo: support@help.example.com\r\n"
        f"Subject: failure notice\r\n\r\nbob@partner.example:\r\n{line}\r\n"
    ).encode()
    bounce = parse_bounce(report, own_addresses=OWN)
    assert bounce is not None
    assert (bounce.status, bounce.permanent) == (status, status[0] == "5")
