"""Hand-written cases for ``extract_reply``: what must NOT be cut, and a few client formats
that the public fixtures do not cover. All texts are written for this test."""

from __future__ import annotations

import time

import pytest

from realdesk.comms.email.inbound.reply.extract import extract_reply, extract_reply_html


@pytest.mark.parametrize(
    "text",
    [
        "Hi,\n\nOn Monday I sent the package to you.\nIt came back.\n\nThanks",
        "Hi,\nOn 3 May the package was sent\nto the wrong address.\nRegards",
        "Hello team,\nDate: tomorrow\nTo: all staff\nPlease come.",
        "Order details\n---\nItem: X\nQty: 2",
        "Do you see this error since 10:30:\n> Error 42\n\nIt is still there.",
        "Question:\n> what is x?\nAnswer: y\n> and z?\nAnswer: w",
        "FYI\n\nBegin forwarded message:\n\nFrom: x@example.com\nDate: 2 May 2024\n\nbody",
        "Use the -- flag, and the -v flag.\n\nThanks",
    ],
)
def test_text_that_is_not_quoted_history_is_kept(text: str) -> None:
    assert extract_reply(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks!\n\nLe 3 mars 2023 à 10:00, Jean <jean@x.fr> a écrit :\n> Bonjour", "Thanks!"),
        ("Danke\n\nAm 03.03.2023 um 10:00 schrieb Hans Müller <hans@x.de>:\n\n> Hallo", "Danke"),
        ("Gracias\n\nEl 3 mar 2023, a las 10:00, Juan <juan@x.es> escribió:\n\n> Hola", "Gracias"),
        ("Grazie\n\nIl giorno 3 mar 2023 alle ore 10:00 Gino <g@x.it> ha scritto:\n\n> Ciao",
         "Grazie"),
        ("ok\n\n________________________________\nFrom: Bob <bob@x.com>\n"
         "Sent: Monday, March 3, 2023 10:00 AM\nTo: Alice\nSubject: Re: hi\n\nold text", "ok"),
        ("Hi\n\nSent from my iPhone\n\n> On 3 Mar 2023, at 10:00, Bob <bob@x.com> wrote:\n> \n> hi",
         "Hi"),
        ("Bonjour\n\n-------- Message d'origine --------\nDe : x\n", "Bonjour"),
        ("Best,\nAnn\n\nVon meinem iPhone gesendet", "Best,\nAnn"),
        ("Fixed.\n\n-- \nJane Doe\nACME Support", "Fixed."),
        ("Yes.\r\n\r\nOn Tue, 2 Apr 2024 at 10:00, Bob <b@x.com> wrote:\r\n> Really?\r\n",
         "Yes."),
    ],
)  # fmt: skip
def test_quotes_and_signatures_are_removed(text: str, expected: str) -> None:
    assert extract_reply(text) == expected


def test_signature_removal_can_be_switched_off() -> None:
    text = "Fixed.\n\n-- \nJane\n\nOn 2 Apr 2024, Bob <b@x.com> wrote:\n> broken?"
    assert extract_reply(text, strip_signature=False) == "Fixed.\n\n-- \nJane"


def test_sender_sign_off_is_removed_only_with_sender() -> None:
    text = "The invoice is attached.\n\nThanks,\nNoam"
    assert extract_reply(text) == text
    assert extract_reply(text, sender="Noam <noam@example.com>") == "The invoice is attached."


def test_message_made_only_of_quotes_is_returned_whole() -> None:
    text = "On 2 Apr 2024, Bob <b@x.com> wrote:\n> only old text"
    assert extract_reply(text) == text


def test_html_reply() -> None:
    html = (
        "<div>Works now, thanks!</div><div class=gmail_quote>"
        "On Tue, 2 Apr 2024 at 10:00, Bob &lt;bob@x.com&gt; wrote:<br>"
        "<blockquote>Try again?</blockquote></div>"
    )
    assert extract_reply_html(html) == "Works now, thanks!"


@pytest.mark.parametrize(
    "text",
    [
        "On 1 x\n" * 100_000,
        ("On 1, " + "a" * 5000 + " wrote:\n") * 2_000,
        "x@y " * 200_000 + " wrote:\n",
        ">" * 1_000_000 + "\n" + "a\n" * 100_000,
        "From: a@b.c\n" * 100_000,
        ("a " * 200 + "\n") * 20_000,
    ],
    ids=["on-lines", "long-attribution", "addresses", "deep-quote", "header-lines", "long-lines"],
)
def test_hostile_input_stays_fast(text: str) -> None:
    """Catastrophic backtracking takes minutes or hours on these; linear code takes seconds
    even on a loaded CI machine, so the bound is generous on purpose."""
    started = time.perf_counter()
    extract_reply(text)
    assert time.perf_counter() - started < 30
