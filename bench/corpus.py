"""The real text every bench uses, and the inbound mail made of it; no Django here, so a
bench can write its mail before any database exists.

The customers' words are real support questions (banking77 and clinc150), the agents'
replies real email replies (github_email_reply_parser's fixtures), the attached files real
emails and bounces; all read from ../shared/data (see its README).
"""

import csv
import json
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REALDESK_SHARED_DIR") or ROOT.parent / "shared") / "data"
FIRST = "Ana Ben Chloé Dmitri Emma Farid Grace Hiro Ines Jonas Kira Luca Maya Noor Omar Priya"
LAST = "Alvarez Brown Chen Dubois Eriksen Fischer García Hansen Ito Jensen Kowalski Larsen"
SUPPORT = "support@help.example.com"


@dataclass(frozen=True)
class Corpus:
    """Real text: what customers ask, what people answer, and files people attach."""

    questions: list[str]
    replies: list[str]
    files: list[tuple[str, bytes]]


def corpus() -> Corpus:
    with (SHARED / "banking77" / "train.csv").open(newline="", encoding="utf-8") as file:
        questions = [row["text"].strip() for row in csv.DictReader(file)]
    clinc = json.loads((SHARED / "clinc150" / "data_full.json").read_text(encoding="utf-8"))
    questions += [text.capitalize() + "?" for split in clinc.values() for text, _ in split]
    replies = []
    for path in sorted((SHARED / "github_email_reply_parser" / "emails").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if 0 < len(text) <= 4_000:  # the 767 KB quote and the regex-DoS case are not replies
            replies.append(text)
    files = [
        (f"forwarded-{path.stem}.eml", path.read_bytes())
        for path in sorted((SHARED / "cpython_test_email" / "data").glob("msg_*.txt"))[:6]
    ]
    files += [
        (f"{path.stem}.txt", path.read_bytes())
        for path in sorted((SHARED / "flufl_bounce").glob("dsn_*.txt"))[:4]
    ]
    return Corpus(questions=questions, replies=replies, files=files)


#: Of the inbound mail: answers to an earlier email, emails with a ~50 KB file (a scan, a
#: PDF), emails forwarding a real email or bounce as a file (as one inbound message in
#: twelve carries in the dataset).
REPLY_SHARE = 2 / 3
LARGE_FILE_SHARE = 0.10
REAL_FILE_SHARE = 1 / 12


def inbound_mail(
    n: int,
    *,
    seed: int = 7,
    senders: Sequence[str] = (),
    to: str = SUPPORT,
    text: Corpus | None = None,
) -> Iterator[tuple[str, bytes]]:
    """n emails as customers send them to the desk, each (Message-ID without brackets,
    bytes): multipart text and HTML from mail clients (Received, DKIM and client headers),
    a third new requests of one to six real questions, two thirds answers to an earlier
    email of the same sender (In-Reply-To and References) that often quote the agent's
    reply, files as above. New requests come from `senders` (a desk's own customers, three
    in four) or from addresses the desk has never seen."""
    rng, text = random.Random(seed), text or corpus()
    first, last = FIRST.split(), LAST.split()
    people = [
        (f"{rng.choice(first)} {rng.choice(last)}", f"customer{i}@example.net")
        for i in range(max(n // 3, 1))
    ]
    known = [(address.split("@")[0].replace(".", " ").title(), address) for address in senders]
    at = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    earlier: list[tuple[str, tuple[str, str], str, str]] = []  # id, sender, subject, refs
    for _ in range(n):
        at += timedelta(seconds=rng.randint(5, 120))
        msg = EmailMessage()
        if earlier and rng.random() < REPLY_SHARE:
            parent, sender, subject, references = rng.choice(earlier)
            words = " ".join(rng.sample(text.questions, rng.randint(1, 3)))
            quoted = ""
            if text.replies and rng.random() < 0.7:  # clients quote the agent's reply
                quoted = f"On {format_datetime(at - timedelta(hours=3))}, Support <{SUPPORT}> "
                quoted += "wrote:\n> " + rng.choice(text.replies).replace("\n", "\n> ")
            msg["Subject"] = f"Re: {subject}"
            msg["In-Reply-To"] = parent
            references = f"{references} {parent}".strip()
            msg["References"] = references
        else:
            sender = rng.choice(known if known and rng.random() < 0.75 else people)
            words = " ".join(rng.sample(text.questions, rng.randint(1, 6)))
            quoted, references = "", ""
            subject = words.split("?")[0][:120]
            msg["Subject"] = subject
        message_id = make_msgid(domain="example.net")
        _headers(msg, rng, sender=sender, to=to, at=at, message_id=message_id)
        body = f"Hello,\n\n{words}\n\nBest regards,\n{sender[0]}\n"
        msg.set_content(body + (f"\n{quoted}\n" if quoted else ""))
        msg.add_alternative(_html(body, quoted), subtype="html")
        if rng.random() < LARGE_FILE_SHARE:
            msg.add_attachment(rng.randbytes(50_000), maintype="application", subtype="pdf",
                               filename=f"scan-{rng.randrange(10**4)}.pdf")  # fmt: skip
        if text.files and rng.random() < REAL_FILE_SHARE:
            name, payload = rng.choice(text.files)
            if name.endswith(".eml"):
                msg.add_attachment(message_from_bytes(payload, policy=policy.default))
            else:
                msg.add_attachment(payload, maintype="text", subtype="plain", filename=name)
        earlier.append((message_id, sender, subject.removeprefix("Re: "), references))
        yield message_id.strip("<>"), msg.as_bytes()


def _headers(msg: EmailMessage, rng: random.Random, *, sender, to, at, message_id) -> None:
    """What a mail client and two relays put on a real email."""
    host = f"mx{rng.randint(1, 9)}.example.net"
    for hop in ("relay.example.com", host):
        msg["Received"] = (
            f"from {hop} ({hop} [192.0.2.{rng.randint(1, 254)}]) by mx.help.example.com "
            f"with ESMTPS id {rng.randbytes(6).hex()}; {format_datetime(at)}"
        )
    msg["DKIM-Signature"] = (
        "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=mail; "
        f"h=from:to:subject:date:message-id; bh={rng.randbytes(32).hex()}; "
        f"b={rng.randbytes(128).hex()}"
    )
    msg["Authentication-Results"] = "mx.help.example.com; dkim=pass header.d=example.net"
    msg["From"] = f"{sender[0]} <{sender[1]}>"
    msg["To"] = f"Support <{to}>"
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = message_id
    msg["User-Agent"] = rng.choice(["Mozilla Thunderbird", "Apple Mail (2.3731)", "Outlook 16.0"])
    msg["Content-Language"] = "en-US"


def _html(body: str, quoted: str) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    if quoted:
        said, _, rest = quoted.partition("\n")
        lines = "<br>".join(escape(line.removeprefix("> ")) for line in rest.split("\n"))
        paragraphs += f'<div>{escape(said)}</div><blockquote type="cite">{lines}</blockquote>'
    head = '<html><head><meta charset="utf-8"></head>'
    return f'{head}<body><div dir="ltr">{paragraphs}</div></body></html>'
