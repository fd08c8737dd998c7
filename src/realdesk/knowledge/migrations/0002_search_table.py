"""The full-text search table, in the dialect of the database in use (see search/backends.py)."""

from django.db import migrations

SQL = {
    "sqlite": (
        [
            "CREATE VIRTUAL TABLE knowledge_search USING fts5("
            "title, keywords, body, language UNINDEXED, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        ],
        ["DROP TABLE IF EXISTS knowledge_search"],
    ),
    "postgresql": (
        [
            # No foreign key: Django's flush (TRUNCATE) must not trip over a table it does
            # not manage. Rows of deleted translations are ignored by search_articles.
            "CREATE TABLE knowledge_search ("
            "translation_id bigint PRIMARY KEY, "
            "language varchar(16) NOT NULL, document tsvector NOT NULL)",
            "CREATE INDEX knowledge_search_document ON knowledge_search USING GIN (document)",
            "CREATE INDEX knowledge_search_language ON knowledge_search (language)",
        ],
        ["DROP TABLE IF EXISTS knowledge_search"],
    ),
}


def _run(apps, schema_editor, *, forward: bool) -> None:
    create, drop = SQL[schema_editor.connection.vendor]
    for statement in create if forward else drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, editor: _run(apps, editor, forward=True),
            lambda apps, editor: _run(apps, editor, forward=False),
        )
    ]
