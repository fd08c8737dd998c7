"""Why a ticket was escalated, in the words of whoever reads it (see core/phrases.py).

A condition finds a reason as a `Phrase`: a code and its facts ("same_issue", number 12).
The Escalation row and the Escalated event keep both the phrase and its English text; the
ticket's SLA card, its history and the mail to a lead write the words from the phrase, in
the reader's language. Another app adds its own reasons with `reasons.writer(code)`.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, pgettext, pgettext_lazy

from realdesk.core.phrases import Phrase, Phrasebook, moment_words
from realdesk.sla.choices import Condition, Level, Metric

reasons = Phrasebook("escalation reasons")

SIGNALS = {
    "negative": pgettext_lazy("frustration signal", "negative words"),
    "shouting": pgettext_lazy("frustration signal", "shouting"),
    "exclamations": pgettext_lazy("frustration signal", "exclamation marks"),
    "leaving": pgettext_lazy("frustration signal", "leaving"),
    "going_public": pgettext_lazy("frustration signal", "going public"),
    "urgent_repeated": pgettext_lazy("frustration signal", "urgent, more than once"),
}


def sla_flagged(condition: str, *, metric: str, due_at: datetime | None, zone: str) -> Phrase:
    """A target at risk or breached; `zone`, the calendar's, which the due time is read in."""
    due = due_at.isoformat() if due_at else None
    return Phrase(condition, {"metric": metric, "due": due, "zone": zone})


def _flagged_words(level: str, params: dict[str, Any]) -> str:
    facts = {"metric": Metric(params["metric"]).label}
    if not params.get("due"):
        sentence = {
            Level.AT_RISK: gettext("%(metric)s at risk"),
            Level.BREACHED: gettext("%(metric)s breached"),
        }[level]
        return sentence % facts
    facts["when"] = moment_words(datetime.fromisoformat(params["due"]), ZoneInfo(params["zone"]))
    sentence = {
        Level.AT_RISK: gettext("%(metric)s at risk, due %(when)s"),
        Level.BREACHED: gettext("%(metric)s breached, due %(when)s"),
    }[level]
    return sentence % facts


@reasons.writer(Condition.SLA_AT_RISK)
def _at_risk(params: dict[str, Any]) -> str:
    return _flagged_words(Level.AT_RISK, params)


@reasons.writer(Condition.SLA_BREACHED)
def _breached(params: dict[str, Any]) -> str:
    return _flagged_words(Level.BREACHED, params)


@reasons.writer(Condition.FRUSTRATION)
def _frustration(params: dict[str, Any]) -> str:
    signals = ", ".join(str(SIGNALS.get(s, s)) for s in params["signals"])
    return gettext("frustration: %(signals)s") % {"signals": signals}


@reasons.writer(Condition.LEAVING)
def _leaving(params: dict[str, Any]) -> str:
    return pgettext("escalation reason", "the customer says they are leaving")


@reasons.writer("follow_up")
def _follow_up(params: dict[str, Any]) -> str:
    return gettext("follow-up of #%(number)s") % params


@reasons.writer("same_issue")
def _same_issue(params: dict[str, Any]) -> str:
    return gettext("same issue as #%(number)s") % params


@reasons.writer(Condition.VIP)
def _vip(params: dict[str, Any]) -> str:
    return gettext("VIP customer")


@reasons.writer(Condition.PROMISE_MISSED)
def _promise_missed(params: dict[str, Any]) -> str:
    return gettext("promise missed: %(what)s") % params


def reason_words(stored: dict[str, Any] | None, *, recorded: str) -> str:
    """An escalation's reason in the active language (`recorded`: its text as written,
    for rows from before reasons were kept as phrases)."""
    return reasons.read(stored, recorded=recorded)
