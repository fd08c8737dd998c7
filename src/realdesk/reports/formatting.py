"""How figures read for a person: "2.5 h", "94 %", "+12", "—" for nothing, with the
reader's decimal and thousands separators (no ORM; the page's template filters, the
charts' labels and the digest all use it)."""

from django.utils.formats import number_format
from django.utils.translation import pgettext

from realdesk.reports.figures import duration_label


def figure_text(value: float | None, unit: str) -> str:
    """A number in its unit: "duration" (seconds), "rate" (0-1), "score" or "count"."""
    if value is None:
        return "—"
    if unit == "duration":
        return duration_label(value)
    if unit == "rate":
        return f"{number_format(value * 100, 0)} %"
    if unit == "score":
        return f"{value:+.0f}"
    return number_format(value, 0, force_grouping=True)


def change_text(delta: float | None, unit: str) -> str:
    """A change against the comparison period: "+3 pts", "-20 min"; "" when there is none."""
    if delta is None:
        return ""
    sign = "+" if delta > 0 else "-" if delta < 0 else "±"
    if unit == "duration":
        return f"{sign}{duration_label(abs(delta))}"
    if unit == "rate":
        return pgettext("percentage points", "%(change)s pts") % {
            "change": f"{sign}{abs(delta) * 100:.0f}"
        }
    return f"{sign}{abs(delta):.0f}"
