"""CSV of any report table: plain values a spreadsheet reads (durations in hours, rates
as fractions, instants in ISO 8601 UTC), so the numbers can be re-added and checked."""

import csv
import io
from datetime import UTC, datetime

from realdesk.reports.tables import Column, Table

UNITS = {"duration": " (hours)", "rate": " (0-1)"}


def _value(value, column: Column) -> str | int | float:
    if value is None:
        return ""
    if column.kind == "duration":
        return round(value / 3600, 4)
    if column.kind == "rate":
        return round(value, 6)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.title + UNITS.get(column.kind, "") for column in table.columns])
    for row in table.rows:
        writer.writerow([_value(v, c) for v, c in zip(row, table.columns, strict=True)])
    return out.getvalue()
