"""Template filters over reports.formatting, for the report page and (later) the digest."""

from django import template

from realdesk.reports.figures import Trend
from realdesk.reports.formatting import change_text, figure_text
from realdesk.reports.tables import Column

register = template.Library()


@register.filter
def figure(value: float | None, unit: str) -> str:
    return figure_text(value, unit)


@register.filter
def change(trend: Trend, unit: str) -> str:
    return change_text(trend.change, unit)


@register.filter
def cell(value, column: Column) -> str:
    """A table cell as a page shows it; CSV writes the plain value instead."""
    if value is None:
        return "—"
    if column.kind in {"duration", "rate", "score"}:
        return figure_text(value, column.kind)
    if column.kind == "instant":
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping[key]


@register.filter
def get_item_or_none(mapping: dict, key: str):
    return mapping.get(key)


@register.filter
def index(sequence, position: int):
    return sequence[position]
