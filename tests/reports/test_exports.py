"""CSV: plain values a spreadsheet re-adds; durations in hours, rates as fractions."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from realdesk.reports.exports import table_csv
from realdesk.reports.formatting import change_text, figure_text
from realdesk.reports.tables import Column, Table


def test_csv_units_in_the_header_and_plain_values():
    table = Table(
        "t",
        "T",
        (
            Column("Team"),
            Column("Median", "duration"),
            Column("Rate", "rate"),
            Column("When", "instant"),
        ),
        [
            (
                "Support, 1st line",
                5400,
                0.5,
                datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Berlin")),
            ),
            ("Billing", None, None, None),
        ],
    )
    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert rows == [
        ["Team", "Median (hours)", "Rate (0-1)", "When (UTC)"],
        ["Support, 1st line", "1.5", "0.5", "2026-11-23T08:00:00"],
        ["Billing", "", "", ""],
    ]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (None, "rate", "—"),
        (0.944, "rate", "94 %"),
        (5400, "duration", "1.5 h"),
        (25.0, "score", "+25"),
        (-12.4, "score", "-12"),
        (12345, "count", "12,345"),
    ],
)
def test_figure_text(value, unit, text):
    assert figure_text(value, unit) == text


@pytest.mark.parametrize(
    ("delta", "unit", "text"),
    [
        (None, "rate", ""),
        (0.05, "rate", "+5 pts"),
        (-1200, "duration", "-20 min"),
        (0, "score", "±0"),
    ],
)
def test_change_text(delta, unit, text):
    assert change_text(delta, unit) == text
