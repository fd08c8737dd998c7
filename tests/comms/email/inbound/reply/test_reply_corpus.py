"""Score ``extract_reply`` on RealDesk's own multilingual reply corpus, per language.

The corpus (``reply_corpus/<language>.toml``) is written for these tests: invented people,
addresses and dates, in the shapes real clients produce. Each file holds

* ``reply`` and ``history``: a customer's new text and the message it answers;
* ``attribution``: one client's header line(s) ("On <date>, <who> wrote:"); each yields two
  cases, the history quoted with ``>`` and the history left unquoted under the header;
* ``separator``: "-----Original Message-----" lines or "From:/Sent:" blocks over the history;
* ``footer``: a mobile app's line under the reply, alone and with the unquoted original after it;
* ``valediction``: a sign-off block ("Kind regards,\\nName\\nTitle") under the reply;
* ``case``: hand-written messages with their ``expected`` visible text, or ``guard = true``
  for text that must come back whole (answers that merely mention "wrote:", dates, "From:").

A case passes when the visible text is exactly the expected one (after stripping).
"""

from __future__ import annotations

import statistics
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from realdesk.comms.email.inbound.reply.extract import extract_reply

CORPUS = Path(__file__).with_name("reply_corpus")
MIN_LANGUAGE_RATE = 0.9  # every language, on its own
MIN_OVERALL_RATE = 0.95


@dataclass(frozen=True)
class Case:
    language: str
    name: str
    text: str
    expected: str
    guard: bool = False


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _language_cases(language: str, data: dict) -> Iterator[Case]:
    reply, history = data["reply"].strip(), data["history"].strip()
    for entry in data.get("attribution", []):
        head = entry["text"]
        yield Case(
            language,
            f"{entry['client']} (quoted)",
            f"{reply}\n\n{head}\n{_quoted(history)}\n",
            reply,
        )
        yield Case(
            language, f"{entry['client']} (unquoted)", f"{reply}\n\n{head}\n\n{history}\n", reply
        )
    for entry in data.get("separator", []):
        yield Case(
            language,
            f"{entry['client']} separator",
            f"{reply}\n\n{entry['text']}\n\n{history}",
            reply,
        )
    for entry in data.get("footer", []):
        foot = entry["text"]
        yield Case(language, f"{entry['client']} footer", f"{reply}\n\n{foot}\n", reply)
        yield Case(
            language,
            f"{entry['client']} footer + original",
            f"{reply}\n\n{foot}\n\n{history}",
            reply,
        )
    for n, entry in enumerate(data.get("valediction", [])):
        yield Case(language, f"sign-off #{n}", f"{reply}\n\n{entry['text']}\n", reply)
    for entry in data.get("case", []):
        text = entry["input"]
        guard = entry.get("guard", False)
        expected = text if guard else entry["expected"]
        yield Case(language, entry["id"], text, expected.strip(), guard)


def _cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CORPUS.glob("*.toml")):
        cases.extend(_language_cases(path.stem, tomllib.loads(path.read_text("utf-8"))))
    return cases


CASES = _cases()


def _passes(case: Case) -> bool:
    return extract_reply(case.text).strip() == case.expected.strip()


def _rates() -> dict[str, tuple[int, int]]:
    """Language -> (cases, passed)."""
    counts: dict[str, tuple[int, int]] = {}
    for case in CASES:
        total, passed = counts.get(case.language, (0, 0))
        counts[case.language] = (total + 1, passed + _passes(case))
    return dict(sorted(counts.items()))


def _table_rows(rates: dict[str, tuple[int, int]]) -> list[str]:
    return [f"| {lang} | {total} | {passed} | {passed / total:.1%} |" for lang, (total, passed)
            in rates.items()]  # fmt: skip


def test_per_language_pass_rates() -> None:
    """Prints the table that docs/email.md reports, and holds every language to the bar."""
    rates = _rates()
    assert len(rates) >= 18  # the corpus is really there
    assert len(CASES) >= 300
    print("\n" + "\n".join(_table_rows(rates)))
    for case in CASES:
        if not _passes(case):
            print(f"    FAIL {case.language}: {case.name}")
    overall = sum(passed for _, passed in rates.values()) / len(CASES)
    print(f"all: {len(CASES)} cases, {overall:.1%}")
    assert overall >= MIN_OVERALL_RATE
    assert all(passed / total >= MIN_LANGUAGE_RATE for total, passed in rates.values()), rates


def test_docs_report_the_measured_rates() -> None:
    """docs/email.md shows the table this corpus yields today (rerun and paste on change)."""
    docs = (Path(__file__).resolve().parents[5] / "docs" / "email.md").read_text("utf-8")
    section = docs.split("<!-- reply-rates -->")[1].split("<!-- /reply-rates -->")[0]
    shown = section.strip().splitlines()[2:]
    assert shown == _table_rows(_rates())


def test_false_positive_guards_all_pass() -> None:
    guards = [case for case in CASES if case.guard]
    assert len(guards) >= 30
    failed = [f"{case.language}: {case.name}" for case in guards if not _passes(case)]
    assert not failed


def test_median_time_per_message_is_under_a_millisecond() -> None:
    timings = []
    for case in CASES:
        started = time.perf_counter()
        extract_reply(case.text)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(f"\nmedian {median * 1000:.3f} ms over {len(timings)} messages")
    assert median < 0.001


@pytest.mark.parametrize(
    "text",
    [
        "> quoted history line that goes on\n" * 30_000,  # about 1 MB of quote lines
        ('04.03.2025, 09:12, "Name" <a@b.example> and more text ' * 8 + "\n") * 5_000,
        ("Am 04.03.2025 um 09:12 schrieb " + "x " * 150 + "\n") * 5_000,
        ("Sent from my " + "device " * 60 + "\n") * 5_000,
        ("вт, 4 мар. 2025 г. в 09:12, " + "@" * 300 + ":\n") * 5_000,  # noqa: RUF001
        ("Regards,\n" + "a " * 100 + "\n") * 5_000,
    ],
    ids=[
        "1MB-quotes",
        "verbless-no-colon",
        "verb-first-no-colon",
        "footer-run",
        "at-signs",
        "sign-offs",
    ],
)
def test_pathological_input_is_linear(text: str) -> None:
    """Each input is ~1 MB of lines that almost match; linear code needs well under a few
    seconds, catastrophic backtracking minutes. The bound is generous for a loaded CI."""
    started = time.perf_counter()
    extract_reply(text)
    assert time.perf_counter() - started < 20
