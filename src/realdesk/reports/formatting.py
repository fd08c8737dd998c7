"""How figures read for a person: "2.5 h", "94 %", "+12", "—" for nothing (pure; the
page's template filters and the charts' labels both use it)."""

from realdesk.reports.figures import duration_label


def figure_text(value: float | None, unit: str) -> str:
    """A number in its unit: "duration" (seconds), "rate" (0-1), "score" or "count"."""
    if value is None:
        return "—"
    if unit == "duration":
        return duration_label(value)
    if unit == "rate":
        return f"{value * 100:.0f} %"
    if unit == "score":
        return f"{value:+.0f}"
    return f"{value:,.0f}"


def change_text(delta: float | None, unit: str) -> str:
    """A change against the comparison period: "+3 pts", "-20 min"; "" when there is none."""
    if delta is None:
        return ""
    sign = "+" if delta > 0 else "-" if delta < 0 else "±"
    if unit == "duration":
        return f"{sign}{duration_label(abs(delta))}"
    if unit == "rate":
        return f"{sign}{abs(delta) * 100:.0f} pts"
    return f"{sign}{abs(delta):.0f}"
