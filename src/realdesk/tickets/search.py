"""Full-text search over ticket subjects and every message body, in the database itself.

SQLite: FTS5 tables over the rows' own text (`tickets_ticket_fts`, `tickets_message_fts`);
PostgreSQL: a `search_vector` column stemmed in the ticket's language, with a GIN index.
Both are kept by triggers in the transaction that writes the row (migration 0008), so the
email pipeline's bulk inserts are searchable the moment they commit.

SQLite drops a table's triggers when Django rebuilds the table for a later migration;
`sqlite_triggers_ensure` puts them back after every migrate and re-reads the text if they
were gone. Agents search with every word required, the last one also as a prefix ("refun"
finds "refund": it may be the word being typed); a query only ever reaches the database as
clean words, never raw syntax.
"""

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField, Exists, Expression, OuterRef, Q, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from realdesk.tickets.models import Message

MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
#: PostgreSQL matches a query stemmed in each of these (see _pg_query).
PG_CONFIGS = ("english", "german", "french", "spanish", "simple")
#: The text SQLite indexes, per table.
SQLITE_INDEXED = {"tickets_ticket": "subject", "tickets_message": "body_text"}
PASSAGE_WORDS = 24


def search_words(text: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_TERMS."""
    return list(dict.fromkeys(_WORD.findall(text.lower())))[:MAX_TERMS]


def _fts5_query(words: list[str]) -> str:
    """Every word whole (the tokenizer stems it), the last also as a prefix: only the word
    being typed is unfinished, and each prefix costs a walk over every term it starts."""
    *whole, last = words
    return " AND ".join([*(f'"{word}"' for word in whole), f'"{last}"*'])


@lru_cache(maxsize=4096)
def _stemmed_forms(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each word as the tsquery of its distinct stemmed forms ("'travel' | 'traveler'"),
    leaving out the words some search language drops: a stop word of the ticket's
    language ("for" in English) is not in its index, so asking for it, even as a prefix,
    would find nothing ("search for" found no English ticket). All stop words: the words
    as they came (the unstemmed language keeps them).

    Distinct forms rather than one query per language: four languages stem most English
    words alike, and PostgreSQL estimates an OR of four equal terms as four times as
    common, so for a rare word it walked 75,000 subjects newest first (25 ms) where the
    index finds its 1,300 at once. Remembered per process: the forms belong to the
    database's text-search configurations, which do not change while it serves, and one
    search page builds its query for every batch of subjects and messages it walks."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.word, bool_and(numnode(form) > 0), string_agg(DISTINCT '(' || "
            "querytree(form) || ')', ' | ') FILTER (WHERE numnode(form) > 0) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, position) "
            "CROSS JOIN unnest(%s::regconfig[]) AS c(config) "
            "CROSS JOIN LATERAL to_tsquery(c.config, w.word) AS form "
            "GROUP BY w.position, w.word ORDER BY w.position",
            [list(words), list(PG_CONFIGS)],
        )
        rows = cursor.fetchall()
    kept = [(word, forms) for word, everywhere, forms in rows if everywhere]
    return tuple(kept) if kept else tuple((word, forms) for word, _, forms in rows if forms)


def _pg_query(words: list[str]) -> tuple[str, list[str]]:
    """A tsquery and its parameter: each word in the forms every language stems it to (a
    ticket's words were stemmed in its own, which the person searching need not know),
    the last word also as an unstemmed prefix. One prefix rather than one per language: a
    prefix scans every lexeme it starts, and stemming the start of a word finds nothing
    more. A ticket of no known language is indexed unstemmed ('simple'): there a word
    finds only its own form ("pays", not "paying"), or the words it starts when it is the
    last. The forms go through 'simple', which leaves a stemmed form as it is."""
    stemmed = _stemmed_forms(tuple(words))
    if not stemmed:  # no word any language reads ("_"): an empty query, matching nothing
        return "to_tsquery('simple', %s)", [""]
    *whole, (last, forms) = stemmed
    query = " & ".join([*(f"({forms})" for _, forms in whole), f"({forms} | '{last}':*)"])
    return "to_tsquery('simple', %s)", [query]


def text_match(words: list[str], *, among: QuerySet) -> Q:
    """Tickets whose subject or one of whose messages holds every word, as a condition on
    the ticket (so team scoping and view filters stay in the ORM), for the tickets of
    `among` (a view's, or every ticket the agent may see).

    PostgreSQL tests each ticket the rest of the query leaves: its subject, then its
    messages through their ticket's index, or, when many tickets are left, every
    message's match at once (the planner chooses). Matching the whole desk first made a
    view narrowed by a common word cost 200 ms for its 300 tickets. SQLite's FTS5 has
    no per-row test as cheap (a row's test repeats the word's whole lookup), so it walks
    the word's matches once and keeps those of `among` (_Fts5Among)."""
    if connection.vendor == "postgresql":
        messages = Message.objects.filter(ticket=OuterRef("pk")).filter(_Matches(tuple(words)))
        return Q(_Matches(tuple(words))) | Q(Exists(messages))
    return Q(_Fts5Among(_fts5_query(words), among))


def newest_matches(
    words: list[str], *, messages: bool, below: int | None, limit: int
) -> list[tuple[int, int]]:
    """(row id, ticket id) of the newest subjects (or messages) holding every word, newest
    first, below row id `below`: the index walked in row order and left after `limit`
    matches, so a word half the desk uses costs no more than a rare one. Row ids grow
    with time, so the newest rows are the recent conversations."""
    table = "tickets_message" if messages else "tickets_ticket"
    ticket = "ticket_id" if messages else "id"
    bound = "" if below is None else "AND {rowid} < %s"
    if connection.vendor == "postgresql":
        query, params = _pg_query(words)
        sql = (
            f"SELECT id, {ticket} FROM {table} WHERE search_vector @@ {query} "
            f"{bound.format(rowid='id')} ORDER BY id DESC LIMIT %s"
        )
    else:
        params = [_fts5_query(words)]
        sql = (
            f"SELECT f.rowid, t.{ticket} FROM {table}_fts f JOIN {table} t ON t.id = f.rowid "
            f"WHERE {table}_fts MATCH %s {bound.format(rowid='f.rowid')} "
            "ORDER BY f.rowid DESC LIMIT %s"
        )
    params += [] if below is None else [below]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return cursor.fetchall()


class _Matches(Expression):
    """`search_vector @@ query` on the query's own table (a ticket's or a message's), under
    whatever alias the query gives it: the column exists only in the database."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, words: tuple[str, ...]) -> None:
        super().__init__()
        self.words = words

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        query, params = _pg_query(list(self.words))
        return f"{table}.search_vector @@ {query}", params


class _Fts5Among(Expression):
    """`pk IN` the tickets of `among` whose subject, or one of whose messages, FTS5 matches.

    The index's matches are kept by their row id's membership in `among`'s tickets and
    messages, a set SQLite builds once: a common word matches a third of the desk's
    messages, and joining each match to its message for the ticket (what this did
    before) cost 60-90 ms at 300,000 messages where the walk alone costs 3-6 ms. The unary
    `+` keeps the row ids a filter on the walk: offered to FTS5 as a constraint, each id
    became a lookup of its own (seconds for a prefix)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, match: str, among: QuerySet) -> None:
        super().__init__()
        self.match = match
        tickets = among.order_by().values("pk")
        self.tickets = Subquery(tickets)
        messages = Message.objects.filter(ticket__in=tickets).order_by().values("pk")
        self.messages = Subquery(messages)

    def get_source_expressions(self) -> list:
        return [self.tickets, self.messages]

    def set_source_expressions(self, expressions: list) -> None:
        self.tickets, self.messages = expressions

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        tickets, tickets_params = compiler.compile(self.tickets)
        messages, messages_params = compiler.compile(self.messages)
        sql = (
            f"{table}.id IN (SELECT rowid FROM tickets_ticket_fts WHERE tickets_ticket_fts "
            f"MATCH %s AND +rowid IN {tickets} UNION ALL SELECT ticket_id FROM tickets_message "
            "WHERE id IN (SELECT rowid FROM tickets_message_fts WHERE tickets_message_fts "
            f"MATCH %s AND +rowid IN {messages}))"
        )
        return sql, [self.match, *tickets_params, self.match, *messages_params]


@dataclass(frozen=True)
class Hit:
    """How well a ticket matched, and the text whose passage is shown (its subject or a
    message). The passage is cut and marked only when asked for: the search page ranks a
    few hundred candidates and shows the best fifty."""

    score: float
    text: str
    patterns: tuple[re.Pattern, ...]

    @cached_property
    def snippet(self) -> SafeString:
        return _passage(self.text, self.patterns)


def best_hit(words: list[str], *, subject: str, bodies: list[str]) -> Hit | None:
    """The best of a ticket's texts for these words: only a text holding every word counts
    (as the database matched), a subject twice a body, then the words' share of the text.

    Ranked here rather than by the database over the few recent matches the search page
    shows: SQLite's bm25() scores every match on the desk before any filter applies (a
    second per common word at 300,000 messages), and the same code on both databases
    keeps the page the same on both."""
    patterns = [_word_pattern(word) for word in words]
    stems = [_stem(word) for word in words]
    best: tuple[float, str] | None = None
    for text, weight in [(subject, 2.0), *((body, 1.0) for body in bodies)]:
        # A text without every stem anywhere is passed over before any regex runs: most
        # bodies of a matching ticket hold none of the words (the regexes over every
        # body were a quarter of a search page's time).
        lowered = text.lower()
        if not patterns or not all(stem in lowered for stem in stems):
            continue
        counts = [len(pattern.findall(text)) for pattern in patterns]
        if not all(counts):
            continue
        score = weight * sum(counts) / math.sqrt(len(text.split()))
        if best is None or score > best[0]:
            best = (score, text)
    if best is None:
        return None
    return Hit(score=best[0], text=best[1], patterns=tuple(patterns))


def _stem(word: str) -> str:
    """What a typed word matches the start of: the word itself, or a prefix two letters
    shorter, for its inflections ("refunds" the "refund" the database's stemming found)."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


@lru_cache(maxsize=256)  # asked for every candidate ticket's texts
def _word_pattern(word: str) -> re.Pattern:
    """A typed word matches the words its stem starts."""
    return re.compile(rf"\b{re.escape(_stem(word))}\w*", re.IGNORECASE)


def _passage(text: str, patterns: tuple[re.Pattern, ...]) -> SafeString:
    """PASSAGE_WORDS words from just before the first match, escaped, the words marked."""
    first = min(match.start() for p in patterns if (match := p.search(text)))
    words_before = list(_WORD.finditer(text, 0, first))[-6:]
    start = words_before[0].start() if words_before else first
    words_after = list(_WORD.finditer(text, start))[:PASSAGE_WORDS]
    end = words_after[-1].end() if words_after else len(text)
    either = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    pieces, cursor = [], start
    for match in either.finditer(text, start, end):
        pieces += [escape(text[cursor : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    return mark_safe(prefix + " ".join("".join(pieces).split()) + suffix)  # noqa: S308


def sqlite_triggers_ensure(*, using: str = DEFAULT_DB_ALIAS, **_signal) -> None:
    """Put back the FTS triggers a table rebuild dropped, and re-read the text they missed.

    Runs after every migrate (a post_migrate receiver): Django's SQLite schema editor
    rebuilds a table to alter it, and the rebuilt table has no triggers."""
    database = connections[using]
    if database.vendor != "sqlite":
        return
    with database.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for table, column in SQLITE_INDEXED.items():
            fts = f"{table}_fts"
            if fts not in present:  # before migration 0008, or after it was unapplied
                continue
            wanted = {f"{fts}_{event}" for event in ("insert", "delete", "update")}
            if wanted <= present:
                continue
            for statement in sqlite_trigger_sql(table, column):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def sqlite_trigger_sql(table: str, column: str) -> list[str]:
    """The three triggers the SQLite manual prescribes for an external-content FTS5 table."""
    fts = f"{table}_fts"
    delete = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    insert = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {column} ON {table} "
        f"WHEN old.{column} IS NOT new.{column} BEGIN {delete} {insert} END",
    ]
