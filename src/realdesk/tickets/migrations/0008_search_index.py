"""Full-text indexes over ticket subjects and message bodies, kept by database triggers.

Triggers, not application code, keep them current: every way a message is written (the
email pipeline's bulk inserts, actions, the admin, imports) updates the index in the same
transaction, and nothing can forget to. SQLite: FTS5 tables over the rows' own text
(external content, so the text is stored once). PostgreSQL: a `search_vector` column
beside the text, stemmed with the ticket's language, with a GIN index. See tickets/search.py.
"""

from django.db import migrations

from realdesk.tickets.search import SQLITE_INDEXED, sqlite_trigger_sql

PG_CONFIG_FUNCTION = """
CREATE OR REPLACE FUNCTION realdesk_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE split_part(lower(coalesce(language, '')), '-', 1)
        WHEN 'en' THEN 'english' WHEN 'de' THEN 'german'
        WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
        ELSE 'simple' END)::regconfig
$$
"""

#: PostgreSQL's parser reads words in angle brackets as HTML tags and skips everything
#: between <script> and </script>; our text is plain, so brackets become spaces first.
PG_TEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION realdesk_search_text(body text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT translate(coalesce(body, ''), '<>', '  ') $$
"""

POSTGRESQL = (
    [
        PG_CONFIG_FUNCTION,
        PG_TEXT_FUNCTION,
        "ALTER TABLE tickets_ticket ADD COLUMN search_vector tsvector",
        "ALTER TABLE tickets_message ADD COLUMN search_vector tsvector",
        """
        CREATE FUNCTION tickets_ticket_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := to_tsvector(
                realdesk_search_config(NEW.language), realdesk_search_text(NEW.subject));
            RETURN NEW;
        END $$
        """,
        """
        CREATE FUNCTION tickets_message_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := to_tsvector(
                realdesk_search_config(
                    (SELECT language FROM tickets_ticket WHERE id = NEW.ticket_id)),
                realdesk_search_text(NEW.body_text));
            RETURN NEW;
        END $$
        """,
        # Every save writes every column: re-stem only when the words or the language changed.
        "CREATE TRIGGER tickets_ticket_search_insert BEFORE INSERT ON tickets_ticket "
        "FOR EACH ROW EXECUTE FUNCTION tickets_ticket_search_vector()",
        "CREATE TRIGGER tickets_ticket_search_update BEFORE UPDATE ON tickets_ticket FOR EACH ROW "
        "WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.language IS DISTINCT FROM "
        "NEW.language) EXECUTE FUNCTION tickets_ticket_search_vector()",
        "CREATE TRIGGER tickets_message_search_insert BEFORE INSERT ON tickets_message "
        "FOR EACH ROW EXECUTE FUNCTION tickets_message_search_vector()",
        "CREATE TRIGGER tickets_message_search_update BEFORE UPDATE ON tickets_message "
        "FOR EACH ROW WHEN (OLD.body_text IS DISTINCT FROM NEW.body_text) "
        "EXECUTE FUNCTION tickets_message_search_vector()",
        "UPDATE tickets_ticket SET search_vector = "
        "to_tsvector(realdesk_search_config(language), realdesk_search_text(subject))",
        "UPDATE tickets_message AS m SET search_vector = to_tsvector("
        "realdesk_search_config(t.language), realdesk_search_text(m.body_text)) "
        "FROM tickets_ticket AS t WHERE t.id = m.ticket_id",
        "CREATE INDEX tickets_ticket_search_vector ON tickets_ticket USING GIN (search_vector)",
        "CREATE INDEX tickets_message_search_vector ON tickets_message USING GIN (search_vector)",
    ],
    [
        *(
            f"DROP TRIGGER IF EXISTS {table}_search_{event} ON {table}"
            for table in ("tickets_message", "tickets_ticket")
            for event in ("insert", "update")
        ),
        "DROP FUNCTION IF EXISTS tickets_message_search_vector()",
        "DROP FUNCTION IF EXISTS tickets_ticket_search_vector()",
        "ALTER TABLE tickets_message DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_vector",
        "DROP FUNCTION IF EXISTS realdesk_search_config(text)",
        "DROP FUNCTION IF EXISTS realdesk_search_text(text)",
    ],
)


def _sqlite_index(table: str, column: str) -> tuple[list[str], list[str]]:
    """An external-content FTS5 table over one text column, its triggers, and its first read."""
    fts = f"{table}_fts"
    return (
        [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
            *sqlite_trigger_sql(table, column),
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ],
        [
            *(f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")),
            f"DROP TABLE IF EXISTS {fts}",
        ],
    )


def _sqlite() -> tuple[list[str], list[str]]:
    tickets, messages = (_sqlite_index(table, column) for table, column in SQLITE_INDEXED.items())
    return tickets[0] + messages[0], messages[1] + tickets[1]


SQL = {"sqlite": _sqlite(), "postgresql": POSTGRESQL}


def _run(apps, schema_editor, *, forward: bool) -> None:
    create, drop = SQL[schema_editor.connection.vendor]
    for statement in create if forward else drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_event_kind_recent_index")]

    operations = [
        migrations.RunPython(
            lambda apps, editor: _run(apps, editor, forward=True),
            lambda apps, editor: _run(apps, editor, forward=False),
        )
    ]
