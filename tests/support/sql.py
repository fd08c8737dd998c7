"""Comparing the statements two requests ran, whatever values they carried."""

import re

# Quoted strings, and numbers such as the instant a rate-limit window ends.
LITERAL = re.compile(r"'[^']*'|\b\d+(?:\.\d+)?(?:e[+-]\d+)?\b")


def statement_shapes(captured: list[dict]) -> list[str]:
    """The SQL of captured queries (CaptureQueriesContext) with every literal as `?`."""
    return [LITERAL.sub("?", query["sql"]) for query in captured]
