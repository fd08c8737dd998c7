"""Normalising addresses: the same person must be found again, a trick must never match."""

import pytest

from realdesk.accounts.identities import normalize_email, normalize_phone, normalize_social
from realdesk.core.errors import ApplicationError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John.Doe@Example.COM", "john.doe@example.com"),
        ("  jane@example.org ", "jane@example.org"),
        ("Jane Roe <Jane@Example.org>", "jane@example.org"),
        ("a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"),
    ],
)
def test_email_normalised(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "a@evil@victim.com",
        "no-at-sign",
        "@example.com",
        "a@",
        "a..b@example.com",
        "a@-x.com",
        "x@localhost",
        "a@b.c",
        "Jane <a@evil@victim.com>",
        "a b@example.com",
    ],
)
def test_email_refused(raw):
    with pytest.raises(ApplicationError) as error:
        normalize_email(raw)
    assert error.value.code == "invalid_email"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+1 (415) 555-0100", "DE", "+14155550100"),
        ("415.555.0100", "US", "+14155550100"),
        ("030 1234567", "DE", "+49301234567"),
        ("0049 30 1234567", "DE", "+49301234567"),
    ],
)
def test_phone_normalised(raw, region, expected):
    assert normalize_phone(raw, default_region=region) == expected


@pytest.mark.parametrize("raw", ["", "call me", "12"])
def test_phone_refused(raw):
    with pytest.raises(ApplicationError):
        normalize_phone(raw, default_region="US")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("mastodon:@JaneDoe", "mastodon:janedoe"), ("X: jane_doe", "x:jane_doe")],
)
def test_social_normalised(raw, expected):
    assert normalize_social(raw) == expected


@pytest.mark.parametrize("raw", ["janedoe", "mastodon:", "mastodon:@has space", ":x"])
def test_social_refused(raw):
    with pytest.raises(ApplicationError):
        normalize_social(raw)
