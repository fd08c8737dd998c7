"""The mbox reader finds the same messages, byte for byte, as the stdlib's."""

import mailbox

from hypothesis import given, settings
from hypothesis import strategies as st

from realdesk.comms.email.inbound.drivers.files import Mbox, messages_in

LINES = st.sampled_from(
    [
        b"From a@example.com Mon Dec  7 04:00:00 2026\n",
        b"\n",
        b"text\n",
        b"\r\n",
        b"From",
        b">From x\n",
        b" From y\n",
        b"x",
    ]
)


def _stdlib_messages(path):
    box = mailbox.mbox(path, factory=None, create=False)
    return [box.get_bytes(key) for key in box.iterkeys()]


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_the_same_messages_as_the_stdlib_mbox(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("mbox") / "box.mbox"
    path.write_bytes(b"".join(lines))
    box = Mbox(path, factory=None, create=False)
    assert [box.get_bytes(key) for key in box.iterkeys()] == _stdlib_messages(path)


def test_messages_are_split_before_the_empty_line(tmp_path):
    path = tmp_path / "box.mbox"
    path.write_bytes(b"From a\nSubject: one\n\nbody\n\nFrom b\nSubject: two\n\n>From here on\n")
    assert [data for _, data in messages_in(path)] == [
        b"Subject: one\n\nbody\n",
        b"Subject: two\n\n>From here on\n",
    ]
