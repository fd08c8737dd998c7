"""Signs that a customer is losing patience, read from their own words (pure).

Deliberately simple and explainable: each signal names what was seen, so the agent
who gets the escalation knows why, and a false alarm costs a look, not a customer.
"""

import re
from dataclasses import dataclass

NEGATIVE = (
    "terrible", "awful", "horrible", "worst", "useless", "ridiculous", "unacceptable",
    "disappointed", "disappointing", "angry", "furious", "fed up", "disgusting",
    "incompetent", "pathetic", "frustrated", "frustrating", "annoyed", "scam", "waste of",
    "still waiting", "still not", "no one", "nobody",
)  # fmt: skip
LEAVING = (
    "cancel my", "cancelling", "canceling", "close my account", "switch to", "switching to",
    "competitor", "take my business", "never again", "leaving you", "i'm leaving", "i am leaving",
    "chargeback",
)  # fmt: skip
PUBLIC = (
    "twitter", "social media", "facebook", "trustpilot", "bad review", "post about",
    "go public", "the press", "journalist", "lawyer", "legal action", "ombudsman", "tell everyone",
)  # fmt: skip
URGENT = re.compile(r"\b(urgent(ly)?|asap|immediately|emergency)\b", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]{3,}")
#: Signals strong enough on their own: a customer about to leave or go public.
STRONG = frozenset({"leaving", "going_public"})


@dataclass(frozen=True)
class Frustration:
    signals: tuple[str, ...]

    @property
    def frustrated(self) -> bool:
        return bool(STRONG & set(self.signals)) or len(self.signals) >= 2


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in phrases)


def _shouting(text: str) -> bool:
    words = WORD.findall(text)
    loud = [w for w in words if w.isupper()]
    return len(loud) >= 3 and len(loud) >= 0.3 * len(words)


def frustration_signals(text: str) -> Frustration:
    """What in `text` (the customer's latest words) suggests escalating now."""
    lower = text.lower()
    checks = (
        ("negative", _has_phrase(lower, NEGATIVE)),
        ("shouting", _shouting(text)),
        ("exclamations", "!!" in text or text.count("!") >= 3),
        ("leaving", _has_phrase(lower, LEAVING)),
        ("going_public", _has_phrase(lower, PUBLIC)),
        ("urgent_repeated", len(URGENT.findall(text)) >= 2),
    )
    return Frustration(tuple(name for name, hit in checks if hit))


_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|tr)\s*:\s*)+", re.IGNORECASE)
_STOP = frozenset(
    ("the", "and", "for", "you", "your", "with", "this", "that", "not", "from", "have", "has",
     "was", "are", "but", "our", "any", "about", "again", "still", "why", "how", "can",
     "cannot", "please", "help")
)  # fmt: skip


def subject_words(subject: str) -> frozenset[str]:
    words = WORD.findall(_REPLY_PREFIX.sub("", subject).lower())
    return frozenset(w for w in words if w not in _STOP)


def same_issue(a: str, b: str) -> bool:
    """Two subjects about the same thing: most of their meaningful words shared."""
    wa, wb = subject_words(a), subject_words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.5
