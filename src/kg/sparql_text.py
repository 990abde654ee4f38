"""A query's keyword skeleton: its text with strings, IRIs and comments blanked out.

Enough to read the query form or spot UPDATE and SERVICE keywords without mistaking a '#'
inside an IRI for a comment or a word inside a string for a keyword.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def skeleton(text: str) -> str:
    """`text` with strings as "", IRIs as <> and comments removed."""

    def blank(match: re.Match) -> str:
        token = match.group(0)
        if token.startswith("#"):
            return ""
        return "<>" if token.startswith("<") else '""'

    return _TOKENS.sub(blank, text)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (SELECT when none is found)."""
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", skeleton(text), re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"
