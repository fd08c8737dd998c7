"""Full-text search in the database itself: SQLite FTS5 embedded, PostgreSQL in production.

Both keep one row per published translation in `knowledge_search` (created by the
migration for the database in use) and rank with the title weighing most, then the
keywords, then the body. A backend only ever gets clean words, never raw user syntax.
"""

from typing import Protocol

from django.db import connection

from realdesk.knowledge.models import ArticleTranslation

# PostgreSQL's stemming dictionaries for the languages the support center offers.
PG_CONFIGS = {"en": "english", "de": "german", "fr": "french", "es": "spanish"}


class SearchBackend(Protocol):
    def index(self, translation: ArticleTranslation) -> None: ...

    def remove(self, translation_id: int) -> None: ...

    def query(self, terms: list[str], *, language: str, limit: int) -> list[tuple[int, float]]:
        """(translation id, score) pairs, best first; a higher score is a better match."""
        ...


class SqliteSearch:
    def index(self, translation: ArticleTranslation) -> None:
        self.remove(translation.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO knowledge_search (rowid, title, keywords, body, language) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    translation.pk,
                    translation.title,
                    translation.article.keywords,
                    translation.body_text,
                    translation.language,
                ],
            )

    def remove(self, translation_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_search WHERE rowid = %s", [translation_id])

    def query(self, terms: list[str], *, language: str, limit: int) -> list[tuple[int, float]]:
        match = " OR ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, bm25(knowledge_search, 10.0, 5.0, 1.0) AS rank "
                "FROM knowledge_search WHERE knowledge_search MATCH %s AND language = %s "
                "ORDER BY rank LIMIT %s",
                [match, language, limit],
            )
            # bm25 is lower-is-better and negative; flip it so every backend agrees.
            return [(row_id, -rank) for row_id, rank in cursor.fetchall()]


class PostgresSearch:
    def index(self, translation: ArticleTranslation) -> None:
        config = PG_CONFIGS.get(translation.language, "simple")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO knowledge_search (translation_id, language, document) VALUES "
                "(%s, %s, setweight(to_tsvector(%s::regconfig, %s), 'A')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'B')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'C')) "
                "ON CONFLICT (translation_id) DO UPDATE "
                "SET language = EXCLUDED.language, document = EXCLUDED.document",
                [
                    translation.pk,
                    translation.language,
                    config,
                    translation.title,
                    config,
                    translation.article.keywords,
                    config,
                    translation.body_text,
                ],
            )

    def remove(self, translation_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM knowledge_search WHERE translation_id = %s", [translation_id]
            )

    def query(self, terms: list[str], *, language: str, limit: int) -> list[tuple[int, float]]:
        config = PG_CONFIGS.get(language, "simple")
        # websearch_to_tsquery never fails on odd input; "or" between words ranks articles
        # that share most of the question's words instead of demanding all of them.
        text = " or ".join(terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT translation_id, ts_rank(document, q) AS rank "
                "FROM knowledge_search, websearch_to_tsquery(%s::regconfig, %s) AS q "
                "WHERE language = %s AND document @@ q ORDER BY rank DESC, translation_id "
                "LIMIT %s",
                [config, text, language, limit],
            )
            return list(cursor.fetchall())


BACKENDS: dict[str, type] = {"sqlite": SqliteSearch, "postgresql": PostgresSearch}


def backend() -> SearchBackend:
    return BACKENDS[connection.vendor]()
