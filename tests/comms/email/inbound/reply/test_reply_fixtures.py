"""Score ``extract_reply`` on the public reply-parsing fixtures in ``shared/data``.

Fixture sources (read at test time from the shared folder, never copied into the repo):

* ``talon/``: mailgun/talon @ 71d9b6e, ``tests/fixtures`` and the plain-text cases of its
  test suite, Apache-2.0 (see ``talon/UPSTREAM_LICENSE``).
* ``github_email_reply_parser/``: github/email_reply_parser @ 59e5859, ``test/emails`` and
  the expectations of its Ruby test suite, MIT; ``pr80_multilang/`` comes from the
  unmerged pull request #80 of the same repository, MIT
  (see ``github_email_reply_parser/UPSTREAM_LICENSE``).

How each check is scored (one check = one assertion about the visible text):

* Each upstream function is mapped to ours with the same job. talon's
  ``extract_from_plain``/``extract_from_html`` only remove quotations, so they map to
  ``extract_reply(..., strip_signature=False)`` / ``extract_reply_html(...,
  strip_signature=False)``; talon's ``signature.extract(body, sender)`` and the Ruby
  ``EmailReplyParser.parse_reply`` remove signatures too, so they map to the default
  ``extract_reply`` (with ``sender=`` for talon's signature cases). The single-mode rate
  (default ``extract_reply`` everywhere) is printed as well, for information.
* talon: ``.eml`` files go through ``parse_message`` first and its ``text`` is used;
  comparisons are as stated in the expected JSON ("exact after strip", or "equal after
  removing all whitespace" for HTML). The upstream case run with ``MAX_LINES_COUNT``
  patched to 1 is run with ``max_lines=1``.
* github visible_text: exact after strip. The Ruby parser right-strips every line, so
  trailing whitespace on each line is ignored on both sides.
* github fragments (ordered pieces of the message; hidden fragments all come after the
  visible ones): fragment 0 must start the visible text (``equal`` = the whole visible
  text when every other fragment is hidden); a non-hidden fragment's assertion must hold
  somewhere in the visible text; a hidden fragment's assertion must NOT hold in the
  visible text after the point where the last visible fragment assertion matched.
  Fragments whose visibility is not given are not scored. A case whose only fragment is
  visible (``fragment_count == 1``) must come back unchanged.
* pr80: the files are quoted-printable bodies, so they are wrapped in a minimal MIME
  header (``Content-Transfer-Encoding: quoted-printable``) and run through
  ``parse_message``, as they would arrive; the first fragment (stripped) must equal the
  visible text.
* ``max_seconds`` limits are asserted separately (regex-DoS and 767 KB cases).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.reply.extract import extract_reply, extract_reply_html
from support.services import SHARED_DATA, needs_shared

TALON = SHARED_DATA / "talon"
GERP = SHARED_DATA / "github_email_reply_parser"
MIN_PASS_RATE = 0.95

pytestmark = needs_shared("talon", "github_email_reply_parser")

Check = tuple[str, bool]
Extractor = Callable[..., str]


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def _norm_lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def _no_ws(text: str) -> str:
    return re.sub(r"\s", "", text)


def _talon_checks(single_mode: bool) -> Iterator[Check]:
    quotes_only = {} if single_mode else {"strip_signature": False}
    for case in json.loads(_read(TALON / "expected_fixture_files.json")):
        path = TALON / case["file"]
        name = f"talon:{case['file']}"
        if case["file"].endswith(".eml"):
            got = extract_reply(parse_message(path.read_bytes()).text, **quotes_only)
            yield name, got.strip() == case["expected"].strip()
        elif case["file"].endswith(".html"):
            got = extract_reply_html(_read(path), **quotes_only)
            yield name, _no_ws(got) == _no_ws(case["expected"])
        else:  # signature.extract(body, sender): visible text = body minus the signature
            body = _read(path)
            sender = _read(TALON / case["sender_file"]).strip()
            signature = case["expected_signature"]
            expected = body.strip()
            if signature:
                expected = expected[: -len(signature)]
            got = extract_reply(body, sender=sender or None)
            yield name, got.strip() == expected.strip()
    for index, case in enumerate(json.loads(_read(TALON / "expected_plain_inline_cases.json"))):
        kwargs = dict(quotes_only)
        if any("MAX_LINES_COUNT', 1" in d for d in case.get("decorators", [])):
            kwargs["max_lines"] = 1
        got = extract_reply(case["input"], **kwargs)
        yield f"talon:{case['source_test']}#{index}", got == case["expected"]


def _fragment_holds(assertion: dict, text: str) -> bool:
    if "equal" in assertion:
        return assertion["equal"].strip() in text
    if "contains" in assertion:
        return assertion["contains"] in text
    return re.search(assertion["match"], text, re.MULTILINE) is not None


def _match_end(assertion: dict, text: str) -> int:
    if "match" in assertion:
        found = re.search(assertion["match"], text, re.MULTILINE)
        return found.end() if found else 0
    needle = assertion.get("equal", assertion.get("contains", "")).strip()
    pos = text.find(needle)
    return pos + len(needle) if pos >= 0 else 0


def _fragment_checks(case: dict, visible: str) -> Iterator[Check]:
    hidden = case.get("hidden")
    anchor = 0
    for n, assertion in enumerate(case.get("fragments", [])):
        index = assertion["index"]
        name = f"gerp:{case['file']}:fragment{index}#{n}"
        payload = assertion.get("equal", assertion.get("contains", assertion.get("match", "")))
        if index == 0 and not (hidden and hidden[0]):
            if "equal" in assertion and hidden and not any(not h for h in hidden[1:]):
                ok = _norm_lines(visible) == _norm_lines(assertion["equal"])
            elif "match" in assertion:
                ok = re.search(assertion["match"], visible, re.MULTILINE) is not None
            else:
                ok = visible.startswith(assertion.get("equal", assertion.get("contains", "")))
            anchor = max(anchor, _match_end(assertion, visible))
            yield name, ok
        elif hidden is None or not payload.strip():
            continue
        elif not hidden[index]:
            anchor = max(anchor, _match_end(assertion, visible))
            yield name, _fragment_holds(assertion, visible)
        else:
            yield name, not _fragment_holds(assertion, visible[anchor:])


def _gerp_checks() -> Iterator[Check]:
    expected = json.loads(_read(GERP / "expected.json"))
    for case in expected["cases"]:
        if case.get("fragments") is None and "visible_text" not in case:
            if case.get("fragment_count") == 1:
                body = _read(GERP / "emails" / case["file"])
                name = f"gerp:{case['file']}:single-fragment"
                yield name, _norm_lines(extract_reply(body)) == _norm_lines(body)
            continue
        body = _read(GERP / "emails" / case["file"])
        visible = extract_reply(body)
        if "visible_text" in case:
            ok = _norm_lines(visible) == _norm_lines(case["visible_text"])
            yield f"gerp:{case['file']}:visible_text", ok
        yield from _fragment_checks(case, visible)
    for n, case in enumerate(expected["inline_cases"]):
        visible = extract_reply(case["input"])
        yield f"gerp:inline#{n}", visible == case.get("visible_text", case["input"])
    multilang = json.loads(_read(GERP / "pr80_multilang" / "expected.json"))
    for case in multilang["cases"]:
        raw = (GERP / "pr80_multilang" / case["file"]).read_bytes()
        if re.search(rb"=[0-9A-F]{2}|=\r?\n", raw):
            raw = b"Content-Type: text/plain; charset=utf-8\n"
            raw += b"Content-Transfer-Encoding: quoted-printable\n\n"
            raw += (GERP / "pr80_multilang" / case["file"]).read_bytes()
            text = parse_message(raw).text
        else:
            text = raw.decode("utf-8", "replace")
        ok = extract_reply(text).strip() == case["first_fragment_equals"].strip()
        yield f"gerp:pr80:{case['file']}", ok


def _score(checks: list[Check], label: str) -> float:
    failed = [name for name, ok in checks if not ok]
    rate = 1 - len(failed) / len(checks)
    print(f"\n[{label}] reply fixtures: {len(checks) - len(failed)}/{len(checks)} = {rate:.1%}")
    for name in failed:
        print(f"  FAIL {name}")
    return rate


def test_reply_fixture_pass_rate() -> None:
    checks = list(_talon_checks(single_mode=False)) + list(_gerp_checks())
    assert len(checks) >= 100  # the fixture set is really there and was read
    _score(list(_talon_checks(single_mode=True)) + list(_gerp_checks()), "single mode, info")
    assert _score(checks, "mapped functions") >= MIN_PASS_RATE


@pytest.mark.parametrize(
    "case",
    [c for c in json.loads(_read(GERP / "expected.json"))["cases"] if "max_seconds" in c]
    if GERP.is_dir()
    else [],
    ids=lambda c: c["file"],
)
def test_reply_extraction_time_limits(case: dict) -> None:
    body = _read(GERP / "emails" / case["file"])
    started = time.perf_counter()
    visible = extract_reply(body)
    elapsed = time.perf_counter() - started
    print(f"\n{case['file']}: {len(body)} chars in {elapsed:.3f}s")
    assert elapsed < case["max_seconds"]
    assert visible  # and it still found the reply on top
