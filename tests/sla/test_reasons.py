"""Escalation reasons are kept as phrases and written in the reader's language; rows
recorded before phrases existed are read back by the migration, or shown as recorded."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
from django.utils import translation

from realdesk.core.phrases import Phrase
from realdesk.sla.choices import Condition
from realdesk.sla.reasons import reason_words, reasons, sla_flagged

# Registers the surveys app's reasons, as its AppConfig does.
import_module("realdesk.surveys.escalation")

PHRASES = [
    sla_flagged(
        Condition.SLA_AT_RISK,
        metric="first_response",
        due_at=datetime(2026, 11, 23, 16, 0, tzinfo=UTC),
        zone="Europe/Berlin",
    ),
    sla_flagged(Condition.SLA_BREACHED, metric="resolution", due_at=None, zone="UTC"),
    Phrase(Condition.FRUSTRATION, {"signals": ["shouting", "going_public"]}),
    Phrase(Condition.LEAVING),
    Phrase("follow_up", {"number": 7}),
    Phrase("same_issue", {"number": 12}),
    Phrase(Condition.VIP),
    Phrase(Condition.PROMISE_MISSED, {"what": "the refund"}),
    Phrase(Condition.BAD_SATISFACTION, {"number": 3}),
    Phrase("rated_solution_bad"),
]


@pytest.mark.parametrize("phrase", PHRASES, ids=lambda p: p.code)
@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_every_reason_is_written_in_the_readers_language(phrase, language):
    english = reasons.english(phrase)
    with translation.override(language):
        assert reason_words(phrase.as_data(), recorded="") != english


@pytest.mark.parametrize(
    ("language", "phrase", "words"),
    [
        ("de", Phrase("same_issue", {"number": 12}), "gleiche Anfrage wie #12"),
        ("fr", Phrase(Condition.VIP), "client VIP"),
        ("es", Phrase("follow_up", {"number": 7}), "continuación de #7"),
        ("de", PHRASES[0], "Erste Antwort gefährdet, fällig Mo, 23. Nov, 17:00 CET"),
        ("en", PHRASES[0], "First response at risk, due Mon Nov 23, 17:00 CET"),
        ("fr", PHRASES[2], "frustration : majuscules (cris), menace de rendre public"),
    ],
)
def test_reasons_in_words(language, phrase, words):
    with translation.override(language):
        assert reasons.words(phrase) == words


def test_a_row_without_a_phrase_shows_its_text_as_recorded():
    recorded = "First response at risk, due 2026-11-23 17:00 CET"
    with translation.override("de"):
        assert reason_words(None, recorded=recorded) == recorded
        assert reason_words({"code": "gone", "params": {}}, recorded="old") == "old"


MIGRATION = import_module("realdesk.sla.migrations.0006_escalation_facts")


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("frustration: negative, exclamations",
         ("frustration", {"signals": ["negative", "exclamations"]})),
        ("leaving", ("leaving", {})),
        ("follow-up of #41", ("follow_up", {"number": 41})),
        ("same issue as #12", ("same_issue", {"number": 12})),
        ("VIP customer", ("vip", {})),
        ("promise missed: call: back", ("promise_missed", {"what": "call: back"})),
        ("rated us bad on #9 recently", ("bad_satisfaction", {"number": 9})),
        ("The customer rated the solution bad.", ("rated_solution_bad", {})),
        ("First response at risk, due 2026-11-23 17:00 CET", None),
    ],
)  # fmt: skip
def test_the_migration_reads_old_english_reasons_back(text, facts):
    expected = facts and {"code": facts[0], "params": facts[1]}
    assert MIGRATION.phrase_of(text) == expected
    if expected:  # what it reads back is a phrase this version writes, as it was
        assert reasons.english(Phrase(expected["code"], expected["params"])) in {
            text,
            "frustration: negative words, exclamation marks",
            "the customer says they are leaving",
        }
