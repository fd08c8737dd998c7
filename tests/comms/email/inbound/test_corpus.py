"""Every nasty email ends in a real outcome, never in an exception or a lost message.

Sources: CPython 3.13's Lib/test/test_email/data (PSF-2.0, via shared/data, see its
README), talon's real-client replies (Apache-2.0), and messages built here from the
standards: RFC 2047/2231 headers, unknown charsets, DSNs of several MTAs, auto-replies.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound.record import email_receive
from support.mail import make_email
from support.services import SHARED_DATA, needs_shared

pytestmark = pytest.mark.django_db

FINAL = {o for o in Outcome.values if o != Outcome.PENDING}


def shared_files() -> list[Path]:
    files = sorted((SHARED_DATA / "cpython_test_email" / "data").glob("msg_*.txt"))
    files += sorted((SHARED_DATA / "talon").rglob("*.eml"))
    return files


BUILT = {
    "unknown-charset": (
        b"From: a@example.org\r\nTo: support@help.example.com\r\nSubject: x\r\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n\xe9t\xe9\r\n"
    ),
    "rfc2231-filename": (
        b"From: a@example.org\r\nSubject: file\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n'
        b"\r\nsee file\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;"
        b" filename*=utf-8''%E2%82%AC%20rates.pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n"
    ),
    "no-message-id-8bit-subject": (
        b"From: b@example.org\r\nSubject: caf\xe9 au lait\r\n\r\nno id\r\n"
    ),
    "exchange-ndr": make_email(
        sender="postmaster@corp.example",
        subject="Undeliverable: your order",
        body="Delivery has failed to these recipients:\n\nx@corp.example\n550 5.1.10 not found",
    ),
    "vacation": make_email(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}),
    "empty": b"",
    "garbage": bytes(range(256)) * 4,
    "headers-only": b"From: c@example.org\r\nSubject: nothing else",
}


def assert_handled(data: bytes) -> None:
    inbound, _ = email_receive(data=data, source="corpus")
    inbound.refresh_from_db()
    assert inbound.outcome in FINAL
    assert not inbound.reason.startswith("processing failed"), inbound.reason


@needs_shared("cpython_test_email", "talon")
@pytest.mark.parametrize("path", shared_files(), ids=lambda p: p.name)
def test_shared_corpus(path):
    assert_handled(path.read_bytes())


@needs_shared("cpython_test_email", "talon")
def test_shared_corpus_is_there():
    assert len(shared_files()) >= 50


@pytest.mark.parametrize("name", BUILT)
def test_built_corpus(name):
    assert_handled(BUILT[name])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(
            lambda base, cut, junk: base[:cut] + junk + base[cut:],
            st.sampled_from(list(BUILT.values())),
            st.integers(0, 400),
            st.binary(max_size=40),
        ),
    )
)
def test_any_bytes_end_in_an_outcome(data):
    assert_handled(data)
