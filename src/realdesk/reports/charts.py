"""Bar charts laid out as plain numbers for an SVG template (templates/reports/bars.svg).

Server-side and without JavaScript, so a chart reads the same on screen, printed, in a
mail and to a screen reader: the SVG has a title and a description, and the page puts
the same numbers in a table beside it. Pure: the tests check the geometry directly.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from realdesk.reports.formatting import figure_text
from realdesk.reports.tables import Table

WIDTH = 480
HEIGHT = 200
#: Room under the bars for their labels and above them for their values.
LABEL_SPACE = 36
VALUE_SPACE = 18
GAP = 0.25  # share of each slot left empty between bars
MAX_BAR = 64  # two teams should not look like two walls


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> float:
        return self.height - LABEL_SPACE

    @property
    def label_y(self) -> float:
        return self.baseline + 16


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    texts: Sequence[str],
    width: int = WIDTH,
    height: int = HEIGHT,
) -> BarChart:
    """Columns scaled to the largest value (a missing value draws no bar but keeps its
    slot and label, so a week without answers still shows as a gap)."""
    top = max((v for v in values if v is not None), default=0) or 1
    slot = width / max(len(labels), 1)
    room = height - LABEL_SPACE - VALUE_SPACE
    bars = []
    wide = min(slot * (1 - GAP), MAX_BAR)
    for index, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        tall = room * (value or 0) / top
        bars.append(
            Bar(
                label=label,
                text=text,
                x=round(index * slot + (slot - wide) / 2, 1),
                y=round(height - LABEL_SPACE - tall, 1),
                width=round(wide, 1),
                height=round(tall, 1),
            )
        )
    described = "; ".join(f"{label}: {text}" for label, text in zip(labels, texts, strict=True))
    return BarChart(title=title, description=described, bars=bars, width=width, height=height)


def table_chart(table: Table, *, column: int = 1) -> BarChart:
    """One column of a table (by position) as bars labelled by its first column."""
    kind = table.columns[column].kind
    values = [row[column] for row in table.rows]
    return bar_chart(
        title=table.title,
        labels=[str(row[0]) for row in table.rows],
        values=values,
        texts=[figure_text(value, kind) for value in values],
    )


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    #: 0-1: how dark, relative to the busiest hour.
    shade: float
    text: str


@dataclass(frozen=True)
class HeatChart:
    title: str
    description: str
    rows: list[str]
    columns: list[str]
    cells: list[Cell]
    size: int = 18
    left: int = 80
    top: int = 16

    @property
    def width(self) -> int:
        return self.left + self.size * len(self.columns)

    @property
    def height(self) -> int:
        return self.top + self.size * len(self.rows)


def heat_chart(table: Table) -> HeatChart:
    """A table of counts (first column the row labels) as a grid of shaded squares; the
    description names the busiest cell, the table beside holds every number."""
    labels = [str(row[0]) for row in table.rows]
    columns = [str(column.title) for column in table.columns[1:]]
    top = max((n for row in table.rows for n in row[1:]), default=0)
    cells = [
        Cell(
            x=c, y=r, shade=round(n / top, 3) if top else 0.0, text=f"{labels[r]} {columns[c]}: {n}"
        )
        for r, row in enumerate(table.rows)
        for c, n in enumerate(row[1:])
    ]
    busiest = max(cells, key=lambda cell: cell.shade, default=None)
    described = (
        gettext("Busiest: %(cell)s") % {"cell": busiest.text}
        if top and busiest
        else gettext("No arrivals.")
    )
    return HeatChart(
        title=table.title, description=described, rows=labels, columns=columns, cells=cells
    )
