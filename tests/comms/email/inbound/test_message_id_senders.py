"""A Message-ID is the sender's claim: the same one from someone else is a new email.

Anybody can write someone else's Message-ID (it is in every reply they got). Were it a key,
the second sender's email would vanish as a duplicate, or the first's replies would thread
into the second's ticket. Both doors are tested: one email at a time, and a bulk batch.
"""

import pytest

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound.record import email_receive, emails_receive
from support.mail import make_email

pytestmark = pytest.mark.django_db

SHARED_ID = "<shared-id@example.org>"


def alice(subject="Invoice question", **kwargs) -> bytes:
    return make_email(sender="Alice <alice@example.org>", subject=subject, **kwargs)


def mallory(subject="Something else entirely", **kwargs) -> bytes:
    return make_email(sender="Mallory <mallory@example.net>", subject=subject, **kwargs)


def alice_reply() -> bytes:
    return alice(
        subject="Another topic",  # no same-subject guess: only the Message-ID threads it
        headers={"In-Reply-To": SHARED_ID, "References": SHARED_ID},
        body="Any news?",
    )


def one_at_a_time(*datas: bytes):
    return [email_receive(data=data, source="test")[0] for data in datas]


def all_at_once(*datas: bytes):
    return [inbound for inbound, _ in emails_receive(items=[(d, "test") for d in datas])]


@pytest.fixture(params=[one_at_a_time, all_at_once], ids=["single", "batch"])
def door(request):
    return request.param


@pytest.mark.parametrize("first", ["alice", "mallory"])
def test_same_message_id_from_another_sender_is_a_new_email(door, first):
    emails = {"alice": alice(message_id=SHARED_ID), "mallory": mallory(message_id=SHARED_ID)}
    second = "mallory" if first == "alice" else "alice"
    received = dict(zip((first, second), door(emails[first], emails[second]), strict=True))
    assert received["alice"].outcome == received["mallory"].outcome == Outcome.TICKET_CREATED
    assert received["alice"].ticket != received["mallory"].ticket
    assert received["alice"].ticket.customer.name == "Alice"
    assert received["mallory"].ticket.customer.name == "Mallory"
    assert received[first].reason == ""
    assert received[second].reason == "Message-ID also used by another sender"
    (reply,) = door(alice_reply())
    assert (reply.outcome, reply.ticket) == (Outcome.REPLY_THREADED, received["alice"].ticket)


def test_a_reply_in_the_same_batch_threads_into_its_senders_ticket():
    mine, theirs, reply = all_at_once(
        mallory(message_id=SHARED_ID), alice(message_id=SHARED_ID), alice_reply()
    )
    assert reply.outcome == Outcome.REPLY_THREADED
    assert reply.ticket == theirs.ticket != mine.ticket


def test_same_message_id_from_the_same_sender_is_a_duplicate(door):
    original, again = door(
        alice(message_id=SHARED_ID), alice(message_id=SHARED_ID, body="Sent to two mailboxes")
    )
    assert original.outcome == Outcome.TICKET_CREATED
    assert again.outcome == Outcome.DUPLICATE
    assert again.reason == f"Message-ID {SHARED_ID[1:-1]} already received from this sender"
