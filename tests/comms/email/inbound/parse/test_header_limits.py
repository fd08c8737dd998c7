"""Header parsing is bounded: hostile headers parse in linear time and little memory.

The stdlib's modern header parser is quadratic on some values (a 160 KB Subject of RFC 2047
encoded words took 881 MB); `HeaderLimits` keeps such values away from it. The memory and
time of a parse are measured in a subprocess of its own, so that nothing else this test run
allocated counts.
"""

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from realdesk.comms.email.inbound.parse.header_policy import DEFAULT_LIMITS, HeaderLimits
from realdesk.comms.email.inbound.parse.message import HEADER_BLOCK, parse_message

SRC = Path(__file__).resolve().parents[5] / "src"
MAX_RSS_MB = 512


def message(*headers: bytes, body: bytes = b"Hello\r\n") -> bytes:
    base = [b"Message-ID: <limits@example.org>"]
    if not any(h.lower().startswith(b"from:") for h in headers):
        base.append(b"From: Alice <alice@example.org>")
    return b"\r\n".join([*base, *headers]) + b"\r\n\r\n" + body


def encoded_words(count: int) -> bytes:
    return b"=?utf-8?q?=41?= " * count


#: Each builds a hostile email that grows with `n` (about n * 16 bytes of headers).
HOSTILE = {
    "encoded-word subject": lambda n: message(b"Subject: " + encoded_words(n)),
    "encoded-word sender": lambda n: message(b"From: " + encoded_words(n) + b"<a@example.org>"),
    "address groups": lambda n: message(
        b"To: " + b"".join(b"g%d: a%d@example.org;, " % (i, i) for i in range(n // 2))
    ),
    "nested comments": lambda n: message(
        b"From: " + b"(" * (n * 8) + b"x" + b")" * (n * 8) + b" a@example.org"
    ),
    "long folded line": lambda n: message(
        b"Subject: " + b"\r\n ".join(b"word%07d" % i for i in range(n))
    ),
    "encoded-word part header": lambda n: message(
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="b"',
        body=b"--b\r\nContent-Type: text/plain; name=" + encoded_words(n) + b"\r\n\r\n"
        b"inside\r\n--b--\r\n",
    ),
    "many headers": lambda n: message(
        *[b"Subject: " + encoded_words(150), b"References: " + encoded_words(150)] * (n // 300)
    ),
}

MEASURE = r"""
import json, re, sys, time
from pathlib import Path
def peak_kb():
    return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text())[1])
from realdesk.comms.email.inbound.parse.message import parse_message
raw = sys.stdin.buffer.read()
start = time.perf_counter()
parsed = parse_message(raw)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "subject": parsed.subject[:20],
                  "over_limits": parsed.over_limits, "defects": parsed.defects,
                  "peak_kb": peak_kb()}))
"""
#: The child may not take the machine down when the limits do not hold: past this much
#: address space it gets MemoryError (and shows a peak over MAX_RSS_MB all the same).
ADDRESS_SPACE = 3 * 1024 * 1024 * 1024


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def measured(raw: bytes) -> tuple[dict, float]:
    """What parsing `raw` in a fresh process returned, and that process's peak RSS in MB,
    as the child reads it from its own memory map's high-water mark (VmHWM). Not getrusage:
    Linux carries ru_maxrss across fork and exec, so a child of a big test process reports
    the parent's size, and RUSAGE_CHILDREN is the largest child the whole run waited for."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE],
        input=raw,
        capture_output=True,
        check=True,
        env={"PYTHONPATH": str(SRC)},
        timeout=300,
        preexec_fn=_limit_address_space,
    )
    result = json.loads(done.stdout)
    return result, result["peak_kb"] / 1024


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_headers_parse_in_little_memory(kind):
    """30,000 encoded words was the report: about 4-7 GB before the limits."""
    raw = HOSTILE[kind](30_000)
    result, peak_mb = measured(raw)
    assert peak_mb < MAX_RSS_MB, f"{kind}: {peak_mb:.0f} MB"
    noted = result["over_limits"] or "part-header-over-limit" in result["defects"]
    assert noted or kind == "many headers"


def test_an_email_at_the_size_limit_of_hostile_headers_parses_in_little_memory():
    """Every kind at once, repeated up to 40 MB (REALDESK_EMAIL_MAX_BYTES's default)."""
    one = b"".join(
        HOSTILE[kind](30_000).partition(b"\r\n\r\n")[0] + b"\r\n"
        for kind in HOSTILE
        if kind != "encoded-word part header"
    )
    raw = one * (40 * 1024 * 1024 // len(one)) + b"\r\nbody\r\n"
    result, peak_mb = measured(raw)
    assert peak_mb < MAX_RSS_MB
    assert result["seconds"] < 60
    assert [HEADER_BLOCK, "larger than 524288 bytes"] in result["over_limits"]


def _best_seconds(raw: bytes) -> float:
    return min(measured(raw)[0]["seconds"] for _ in range(3))


@pytest.mark.parametrize("kind", ["encoded-word subject", "address groups", "many headers"])
def test_parse_time_grows_linearly(kind):
    """Four times the input takes about four times as long (quadratic: sixteen); the bound
    is generous, and the smallest of three runs counts, so a busy machine does not fail it."""
    small, large = _best_seconds(HOSTILE[kind](40_000)), _best_seconds(HOSTILE[kind](160_000))
    assert large < 8 * small + 0.05, (small, large)


# -- what a header over the limits becomes --------------------------------------------------------
LIMITS = HeaderLimits(header_bytes=1000, header_chars=300, encoded_words=3, addresses=2, nesting=2)


@pytest.mark.parametrize(
    ("value", "breach"),
    [
        ("x" * 300, None),
        ("x" * 301, "longer than 300 characters"),
        ("x" * 150 + "\r\n " + "x" * 149, None),  # folding does not count
        ("=?utf-8?q?a?= " * 3, None),
        ("=?utf-8?q?a?= " * 4, "more than 3 encoded words"),
        ("a@example.org, b@example.org", None),
        ("a@example.org, b@example.org, c@example.org", "more than 2 addresses"),
        ("((x)) (y) (z) a@example.org", None),
        ("(((x))) a@example.org", "parentheses nested more than 2 deep"),
    ],
)
def test_breach(value, breach):
    assert LIMITS.breach(value) == breach


def test_header_block_breach():
    assert LIMITS.block_breach(b"Subject: x\r\n" * 83 + b"\r\nbody") is None  # 996 bytes
    assert LIMITS.block_breach(b"Subject: x\r\n" * 84 + b"\r\nbody") == "larger than 1000 bytes"
    assert LIMITS.block_breach(b"Subject: x\r\n" * 200) == "larger than 1000 bytes"  # no body


def test_subject_over_the_limits_is_decoded_cheaply_and_noted():
    parsed = parse_message(message(b"Subject: " + encoded_words(2_000)))
    assert parsed.subject == "A" * 998  # adjacent encoded words join without spaces; capped
    assert parsed.over_limits == (("subject", "more than 200 encoded words"),)
    assert "header-over-limit:subject" in parsed.defects
    assert parsed.from_address == "alice@example.org"


def test_address_header_over_the_limits_is_not_read():
    parsed = parse_message(message(b"From: " + encoded_words(300) + b"<a@example.org>"))
    assert parsed.from_address is None
    assert parsed.over_limits == (("from", "more than 200 encoded words"),)
    parsed = parse_message(message(b"To: " + b", ".join([b"x@example.org"] * 600)))
    assert parsed.to == ()
    assert parsed.over_limits == (("to", "more than 500 addresses"),)


def test_part_header_over_the_limits_still_parses_the_part():
    parsed = parse_message(HOSTILE["encoded-word part header"](30_000))
    (part,) = parsed.attachments  # a text part with a name is a file
    assert (part.payload, part.content_type) == (b"inside", "text/plain")
    assert part.filename.startswith("AAAA")
    assert "part-header-over-limit" in parsed.defects


def test_headers_within_the_limits_parse_as_before():
    parsed = parse_message(message(b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= " + encoded_words(5)))
    assert parsed.subject == "GrüßeAAAAA"
    assert parsed.over_limits == ()


def test_settings_defaults_are_the_parsers(settings):
    from realdesk.comms.email.inbound.pipeline import header_limits

    assert header_limits() == DEFAULT_LIMITS


# -- what the pipeline does with them ------------------------------------------------------------
def _receive(raw: bytes):
    from realdesk.comms.email.inbound.record import email_receive

    return email_receive(data=raw, source="test")[0]


@pytest.mark.django_db
def test_email_with_a_subject_over_the_limits_is_delivered():
    inbound = _receive(message(b"Subject: " + encoded_words(30_000)))
    assert inbound.outcome == "ticket_created"
    assert inbound.ticket.subject.startswith("AAAA")


@pytest.mark.django_db
def test_sender_over_the_limits_waits_in_quarantine_until_the_limit_is_raised(settings):
    from realdesk.comms.email.inbound.bulk import inbound_reprocess_quarantine

    inbound = _receive(message(b"From: " + encoded_words(300) + b"<bob@example.org>"))
    assert inbound.outcome == "quarantined"
    assert inbound.reason == "header over the limits (from: more than 200 encoded words)"
    settings.REALDESK_EMAIL_MAX_ENCODED_WORDS = 300
    (again,) = inbound_reprocess_quarantine()
    assert again.outcome == "ticket_created"
    assert again.from_address == "bob@example.org"


@pytest.mark.django_db
def test_header_block_over_the_limit_is_quarantined(settings):
    settings.REALDESK_EMAIL_MAX_HEADER_BYTES = 1000
    inbound = _receive(message(*[b"X-Note: padding padding padding"] * 40))
    assert inbound.outcome == "quarantined"
    assert inbound.reason == "header over the limits (header block: larger than 1000 bytes)"
