"""Shared parsed headers: the same results as the plain modern policy, only built once."""

from email.headerregistry import HeaderRegistry
from email.parser import BytesParser
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realdesk.comms.email.inbound.parse import header_policy
from realdesk.comms.email.inbound.parse.header_policy import (
    DEFAULT_LIMITS,
    MAX_CACHED_VALUE,
    POLICY,
)
from realdesk.comms.email.inbound.parse.message import _Headers, parse_message
from support.services import SHARED_DATA, needs_shared

CORPUS = sorted((SHARED_DATA / "cpython_test_email" / "data").glob("msg_*.txt")) + sorted(
    (SHARED_DATA / "talon").rglob("*.eml")
)


def test_equal_headers_are_parsed_once():
    first = POLICY.header_fetch_parse("Content-Type", 'text/plain; charset="utf-8"')
    again = POLICY.header_fetch_parse("Content-Type", 'text/plain; charset="utf-8"')
    assert first is again
    assert first.params["charset"] == "utf-8"


def test_long_values_are_not_kept():
    value = "x" * (MAX_CACHED_VALUE + 1)
    assert POLICY.header_fetch_parse("Subject", value) is not POLICY.header_fetch_parse(
        "Subject", value
    )


@needs_shared("cpython_test_email", "talon")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_parses_exactly_as_without_sharing(path, monkeypatch):
    raw = path.read_bytes()
    shared = parse_message(raw)
    assert parse_message(raw) == shared  # again, every header now from the cache
    monkeypatch.setattr(header_policy, "MAX_CACHED_VALUE", -1)  # every header parsed anew
    assert parse_message(raw) == shared


def test_header_classes_are_built_once_per_kind():
    registry = POLICY.header_factory
    assert registry["Subject"] is registry["subject"] is not registry["X-Anything"]
    assert registry["X-Anything"] is registry["X-Other"]
    assert registry["To"] is registry["Cc"] is not registry["Subject"]
    for name in ["Subject", "X-Anything", "To", "Date", "Content-Type"]:
        assert registry[name].__bases__ == HeaderRegistry()[name].__bases__
    assert registry("To", "Ann <ann@example.com>").addresses[0].domain == "example.com"


DATE_PARTS = st.sampled_from(
    [
        "Mon,",
        "7",
        "07",
        "Dec",
        "dec",
        "2026",
        "26",
        "1960",
        "04:05:06",
        "25:61",
        "+0100",
        "-0000",
        "GMT",
        "EST",
        "(comment)",
        "+99999",
        "\n ",
        "\t",
        ",",
        "x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(DATE_PARTS, max_size=8).map(" ".join),
        st.datetimes(timezones=st.timezones()).map(format_datetime),
    )
)
def test_the_date_is_read_as_the_header_registry_reads_it(value):
    """Without the registry's parse tree, the same datetime, or None where it has none."""
    msg = BytesParser(policy=POLICY).parsebytes(f"Date: {value}\n\nbody\n".encode())
    headers = _Headers(msg, [], DEFAULT_LIMITS)
    raw = headers.raw_all("date")
    try:
        expected = POLICY.header_fetch_parse("Date", raw[0]).datetime if raw else None
    except Exception:
        expected = None
    assert headers.date() == expected
    if expected is not None:
        assert headers.date().tzinfo == expected.tzinfo
