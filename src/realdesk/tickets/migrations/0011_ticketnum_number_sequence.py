"""Ticket numbers from a PostgreSQL sequence (decision 0005), continuing the counter row.

SQLite keeps the counter row: it has one writer at a time, so the row lock costs nothing
there. On PostgreSQL the counter row stays as it was and is no longer read.
"""

from django.db import migrations

SEQUENCE = "tickets_ticket_number_seq"
# The last number given: the counter, or the highest ticket if a loader skipped the counter;
# 1000 on a new desk, so that the first ticket is #1001 as on SQLite.
LAST_GIVEN = """
    SELECT GREATEST(
        1000,
        (SELECT max("value") FROM tickets_ticketcounter WHERE "name" = 'ticket'),
        (SELECT max("number") FROM tickets_ticket)
    )
"""


def sequence_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE SEQUENCE {SEQUENCE} AS bigint MINVALUE 1")
    schema_editor.execute(f"SELECT setval('{SEQUENCE}', ({LAST_GIVEN}))")


def sequence_drop(apps, schema_editor):
    """Back to the counter row, after the last number the sequence gave."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        INSERT INTO tickets_ticketcounter ("name", "value")
        SELECT 'ticket', GREATEST(({LAST_GIVEN}), (SELECT last_value FROM {SEQUENCE}))
        ON CONFLICT ("name") DO UPDATE SET "value" = EXCLUDED."value"
        """
    )
    schema_editor.execute(f"DROP SEQUENCE {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0010_report_indexes")]

    operations = [migrations.RunPython(sequence_create, sequence_drop, elidable=False)]
