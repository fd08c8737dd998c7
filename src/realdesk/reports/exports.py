"""CSV of any report table, XLSX of a whole report: plain values a spreadsheet re-adds
(durations in hours, rates as fractions, instants in UTC), so the numbers can be checked."""

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

import xlsxwriter
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from realdesk.reports.tables import Cell, Column, Table

UNITS = {"duration": gettext_lazy("hours"), "rate": "0-1", "instant": "UTC"}
#: Excel refuses longer sheet names.
SHEET_NAME_MAX = 31


def _header(table: Table) -> list[str]:
    return [
        f"{column.title} ({UNITS[column.kind]})" if column.kind in UNITS else str(column.title)
        for column in table.columns
    ]


def _value(value: Cell, column: Column) -> str | int | float | datetime:
    """The plain value: hours for durations, naive UTC for instants, "" for nothing."""
    if value is None:
        return ""
    if column.kind == "duration":
        return round(value / 3600, 4)
    if column.kind == "rate":
        return round(value, 6)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, Promise):  # a translated label, such as a channel's
        return str(value)
    return value


def _rows(table: Table) -> Iterable[list]:
    for row in table.rows:
        yield [_value(v, c) for v, c in zip(row, table.columns, strict=True)]


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header(table))
    for row in _rows(table):
        writer.writerow([v.isoformat() if isinstance(v, datetime) else v for v in row])
    return out.getvalue()


def report_xlsx(tables: Iterable[Table]) -> bytes:
    """One sheet per table, in the order given, each with its units in the header."""
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as book:
        bold = book.add_format({"bold": True})
        formats = {
            "duration": book.add_format({"num_format": "0.00"}),
            "rate": book.add_format({"num_format": "0.0%"}),
            "instant": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }
        for table in tables:
            sheet = book.add_worksheet(table.name[:SHEET_NAME_MAX])
            sheet.write_row(0, 0, _header(table), bold)
            for index, column in enumerate(table.columns):
                sheet.set_column(index, index, max(12, len(str(column.title)) + 8))
            for number, row in enumerate(_rows(table), start=1):
                for index, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                    sheet.write(number, index, value, formats.get(column.kind))
    return out.getvalue()
