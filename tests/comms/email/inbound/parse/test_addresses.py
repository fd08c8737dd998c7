"""A valid sender is never rejected: addresses are parsed before display names are decoded."""

import base64
import re
from email.header import Header
from email.utils import formataddr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from realdesk.comms.email.inbound.parse import addresses
from realdesk.comms.email.inbound.parse.addresses import parse_address_list, parse_single_address


def q(text: str) -> str:
    return Header(text, "utf-8").encode()  # RFC 2047, as mailers write non-ASCII names


def b(text: str) -> str:
    return f"=?utf-8?b?{base64.b64encode(text.encode()).decode()}?="


@pytest.mark.parametrize(
    ("value", "address", "name"),
    [
        ("=?utf-8?q?Doe=2C_J=C3=BCrgen?= <doe@example.org>", "doe@example.org", "Doe, Jürgen"),
        (f"{b('Doe, Jürgen')} <doe@example.org>", "doe@example.org", "Doe, Jürgen"),
        (b('Doe "JD" Jane') + " <doe@example.org>", "doe@example.org", 'Doe "JD" Jane'),
        (f"{b('Jane <jane@other.example>')} <doe@example.org>", "doe@example.org", None),
        (f"{b('Doe; Jane: team')} <doe@example.org>", "doe@example.org", "Doe; Jane: team"),
        (f"{q('Ünïcödé (x), y')} <doe@example.org>", "doe@example.org", "Ünïcödé (x), y"),
        ('"Doe, Jane" <doe@example.org>', "doe@example.org", "Doe, Jane"),
        ("Support team: Jane <doe@example.org>;", "doe@example.org", "Jane"),
        ("<doe@example.org>", "doe@example.org", None),
        ("doe@example.org", "doe@example.org", None),
        ("doe@example.org (Jane Doe, Sales)", "doe@example.org", None),
    ],
)
def test_sender(value, address, name):
    found, display, _ = parse_single_address(value)
    assert found == address
    if name is not None:
        assert display == name


@pytest.mark.parametrize(
    "value",
    [
        "a@evil@victim.com",
        "alice@example.com <bob@evil.com>",
        "a@example.com, b@example.com",
        "Team: a@example.com, b@example.com;",
        f"{b('x')} <a@example.com>, <b@example.com>",
    ],
)
def test_not_one_sender(value):
    assert parse_single_address(value)[0] is None


@pytest.mark.parametrize(
    ("values", "addresses"),
    [
        (["=?utf-8?q?Doe=2C_J?= <doe@example.org>, b@x.org"], ("doe@example.org", "b@x.org")),
        ([f"{b('A; B, <c@d.example>')} <a@example.org>"], ("a@example.org",)),
        (["Team: a@example.org, b@x.org;, c@x.org"], ("a@example.org", "b@x.org", "c@x.org")),
        (["undisclosed-recipients:;"], ()),
    ],
)  # fmt: skip
def test_recipients(values, addresses):
    assert parse_address_list(values)[0] == addresses


ADDRESSES = st.from_regex(
    r"[a-zA-Z0-9]{1,8}([._+-][a-z0-9]{1,8}){0,2}@[a-z0-9]{1,10}\.example", fullmatch=True
)
NAMES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda name: name.strip())


@given(name=NAMES, address=ADDRESSES, form=st.sampled_from(["quoted", "q", "b"]))
def test_any_display_name_with_a_valid_address_is_that_sender(name, address, form):
    """Whatever the name holds (commas, quotes, brackets, semicolons, @), encoded or quoted,
    the address is the sender."""
    header = {
        "quoted": formataddr((name, address)),
        "q": f"{q(name)} <{address}>",
        "b": f"{b(name)} <{address}>",
    }[form]
    assert parse_single_address(header)[0] == address.lower()


#: The address pattern as the RFCs spell its character sets (ranges up to U+10FFFF), which
#: cost 16 ms to compile; addresses.py writes the same sets as the ASCII they leave out.
_ATEXT_SPELLED = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]"
_LDH_SPELLED = r"A-Za-z0-9\u0080-\U0010ffff"
_LABEL_SPELLED = rf"[{_LDH_SPELLED}](?:[{_LDH_SPELLED}\-]{{0,61}}[{_LDH_SPELLED}])?"
SPELLED = re.compile(
    rf'(?:{_ATEXT_SPELLED}+(?:\.{_ATEXT_SPELLED}+)*|"[^"\\\x00-\x1f\x7f]{{1,64}}")'
    rf"@{_LABEL_SPELLED}(?:\.{_LABEL_SPELLED})*"
)


def test_the_address_pattern_accepts_exactly_what_the_rfc_sets_do():
    chars = [chr(c) for c in [*range(0x3000), *range(0x3000, 0x110000, 97)]]
    for c in chars:
        for address in (f"a{c}b@x{c}y.org", f"{c}@{c}", f"a@b{c}.org", f'"{c}"@a-{c}.b'):
            assert bool(addresses._ADDR_SPEC.fullmatch(address)) == bool(
                SPELLED.fullmatch(address)
            ), (hex(ord(c)), address)
