"""What the customer reads about a promise: per-language templates, the agent's words
quoted, and the exact promised minute on the customer's clock (snapshots per language)."""

from datetime import UTC, datetime, timedelta

import pytest

from factories import open_ticket
from realdesk.sla.actions.promises import promise_make, promise_miss
from realdesk.sla.models import Promise
from realdesk.sla.promises import promise_notice

DUE = datetime(2026, 12, 5, 8, 2, tzinfo=UTC)

SNAPSHOTS = {
    ("made", "en"): "We will update you by Sat 5 Dec, 9:02 am CET on this: “confirm the refund”.",
    ("made", "de"): "Wir melden uns bis Sa. 5. Dez., 9:02 CET bei Ihnen zu diesem Punkt: "
    "„confirm the refund“.",
    ("missed", "en"): "We promised to update you by Sat 5 Dec, 9:02 am CET on this: "
    "“confirm the refund”. We have not managed that, and we are sorry. A team lead has been "
    "asked to take this up now, and you will hear from us as soon as we have news.",
    ("missed", "de"): "Wir hatten Ihnen versprochen, uns bis Sa. 5. Dez., 9:02 CET zu diesem "
    "Punkt zu melden: „confirm the refund“. Das haben wir nicht geschafft, und das tut uns "
    "leid. Eine Teamleitung kümmert sich jetzt darum, und Sie hören von uns, sobald es "
    "Neuigkeiten gibt.",
}


@pytest.mark.parametrize(("kind", "language"), sorted(SNAPSHOTS))
def test_promise_notice_snapshots(kind, language):
    text = promise_notice(
        kind, what="confirm the refund", due_at=DUE, timezone="Europe/Berlin", language=language
    )
    assert text == SNAPSHOTS[kind, language]


def test_a_language_without_templates_reads_english_with_an_english_date():
    text = promise_notice("made", what="x", due_at=DUE, timezone="UTC", language="pt-BR")
    assert text == "We will update you by Sat 5 Dec, 8:02 am UTC on this: “x”."


def test_markup_in_the_agents_words_is_not_escaped_in_plain_text():
    text = promise_notice("made", what="R&D <report>", due_at=DUE, timezone="UTC")
    assert "“R&D <report>”" in text


@pytest.mark.django_db
def test_missed_apology_quotes_exactly_the_promised_time(customer, agent, team):
    """The issue's case: due at 08:02, missed at 08:02, the apology said "by 8:15 am"."""
    customer.timezone = "Europe/London"
    customer.save()
    ticket = open_ticket(customer=customer, team=team)
    made_at = DUE - timedelta(minutes=30)
    promise = promise_make(
        ticket=ticket, agent=agent, due_at=DUE, what="confirm the refund.", at=made_at
    )
    assert promise_miss(promise=Promise.objects.get(pk=promise.pk), now=DUE)
    events = {
        e.after: e.data["customer_notice"] for e in ticket.events.filter(kind="promise_changed")
    }
    assert (
        events["made"]
        == "We will update you by Sat 5 Dec, 8:02 am GMT on this: “confirm the refund”."
    )
    assert events["missed"].startswith(
        "We promised to update you by Sat 5 Dec, 8:02 am GMT on this: “confirm the refund”."
    )
