"""Filling a macro's placeholders (pure): `{customer_name}`, `{ticket_number}`, `{owner}`.

A macro naming a placeholder nobody can fill is refused when it is saved
(`unknown_placeholders`); should one still reach a draft, it stays as typed, so the agent
sees it and fixes it before sending rather than the customer reading an empty gap.
"""

import re

PLACEHOLDERS = {
    "customer_name": "the customer's name",
    "ticket_number": "the ticket number, like 1042",
    "owner": "the ticket's owner (you, if nobody owns it yet)",
    "agent": "your own name",
    "eta": 'when the customer will next hear from us, by the service level ("by 3:30 pm today")',
}
_PATTERN = re.compile(r"\{(\w+)\}")


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    return _PATTERN.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def unknown_placeholders(template: str) -> list[str]:
    """The `{names}` in a template that no ticket can fill, in order of appearance."""
    return list(dict.fromkeys(n for n in _PATTERN.findall(template) if n not in PLACEHOLDERS))
