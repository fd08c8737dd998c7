"""Trigram indexes for finding customers by part of their name or of an address.

Search matches the text anywhere in a customer's name or addresses (Django's `icontains`:
`UPPER(column) LIKE UPPER('%text%')`), which no B-tree serves: PostgreSQL read every
customer and identity for each search (90 ms at 33,000 customers, issue #22). A GIN
trigram index on the same expression answers it for texts of three letters or more.
pg_trgm ships with PostgreSQL and is a trusted extension (13+): the database's owner may
create it. SQLite has no such index; reading its 100,000 short rows takes a few ms.
"""

from django.db import migrations

INDEXES = {
    "customer_name_trgm": ("accounts_customer", "name"),
    "identity_value_trgm": ("accounts_customeridentity", "value"),
}


def _create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, (table, column) in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )


def _drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_chat2_external_identity")]

    operations = [migrations.RunPython(_create, _drop)]
