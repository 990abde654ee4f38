"""What a SPARQL query is and may do, read from its parse tree, never from its text.

The endpoint is read-only and local: it answers SELECT, ASK, CONSTRUCT and DESCRIBE and refuses
updates, LOAD and SERVICE. That decision, the query form (how the answer is serialised), the
dataset the query names (FROM / FROM NAMED) and where parameters are bound are all taken from one
parse of the query by tree-sitter's SPARQL grammar (`tree-sitter-sparql`). Tree-sitter parses in
C, in time linear in the input and without recursion, so a hostile query (10 KB of nested
brackets, a megabyte of text) costs it microseconds and cannot overflow its stack; Oxigraph's
own parser is recursive and dies on a few thousand nested brackets, which is why the query's
size and nesting are bounded here, before the engine sees it.

Fail closed: a query whose parse tree holds an error is refused, even if another SPARQL parser
would accept it, so no text can mean "harmless" here and "SERVICE" to the engine. SPARQL 1.1
processes codepoint escapes (\\u0053, \\U00000053) before parsing (section 19.2), so they are
processed here first and the processed text is what the engine is given: what was checked is what
runs.

Known gaps of the grammar (valid SPARQL 1.1 refused with a 400 naming the place): a prefix
named `a` used in predicate position (`?s a:p ?o`), the built-ins `ISIRI` and `STRUUID()` /
`UUID()` in some positions, and a local name that starts with digits and holds a dot
(`:12.3`). Use another prefix name or the lower-case `isIRI`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import tree_sitter
import tree_sitter_sparql

from kg.errors import QueryError, QueryRefusedError, QueryTooComplexError


class QueryForm(StrEnum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"

    @property
    def is_graph(self) -> bool:
        """CONSTRUCT and DESCRIBE answer with a graph; SELECT and ASK with results."""
        return self in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


@dataclass(frozen=True)
class SyntaxLimits:
    """Bounds checked before the engine sees a query (its parser is recursive)."""

    max_bytes: int = 256 << 10
    max_depth: int = 1000  # parse-tree levels plus sequence lengths (see _walk)


DEFAULT_LIMITS = SyntaxLimits()


@dataclass(frozen=True)
class ParsedQuery:
    """A query that may run: its text for the engine and what the parse says about it."""

    text: str  # codepoint escapes processed; this is what the engine runs
    form: QueryForm
    has_dataset: bool  # FROM or FROM NAMED in the query itself
    has_base: bool  # a BASE declaration of its own
    where_brace: int | None  # index in `text` of the '{' opening the outermost WHERE group
    depth: int


_FORMS = {
    "select_query": QueryForm.SELECT,
    "ask_query": QueryForm.ASK,
    "construct_query": QueryForm.CONSTRUCT,
    "describe_query": QueryForm.DESCRIBE,
}
_UPDATES = {
    "load": "LOAD",
    "clear": "CLEAR",
    "drop": "DROP",
    "create": "CREATE",
    "add": "ADD",
    "move": "MOVE",
    "copy": "COPY",
    "insert_data": "INSERT DATA",
    "delete_data": "DELETE DATA",
    "delete_where": "DELETE WHERE",
    "modify": "DELETE/INSERT",
}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# The SPARQL 1.1 terminals (section 19.8) of every token that can hold free text. Each such
# token of the parse tree must be exactly one of these, so that no text is a comment, a string
# or an IRI to this parse while the engine reads it as query (a carriage return ends a comment
# in SPARQL, for one: a grammar that let the comment run on would hide what follows it).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9" + "\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"\\[tbnrf\\\"']"
_TERMINALS = {
    "comment": re.compile(r"#[^\r\n]*"),
    "iri_reference": re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>'),
    "string": re.compile(
        rf"'(?:[^'\\\n\r]|{_ECHAR})*'"
        rf'|"(?:[^"\\\n\r]|{_ECHAR})*"'
        rf"|'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
        rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""'
    ),
    "prefixed_name": re.compile(f"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    "namespace": re.compile(f"(?:{_PREFIX})?:"),
    "blank_node_label": re.compile(f"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    "var": re.compile(f"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9" + "\u00b7\u0300-\u036f\u203f-\u2040]*"),
    "lang_tag": re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
}


def _language() -> tree_sitter.Language:
    with warnings.catch_warnings():  # the grammar's binding hands over its pointer as an int
        warnings.simplefilter("ignore", DeprecationWarning)
        return tree_sitter.Language(tree_sitter_sparql.language())


_LANGUAGE = _language()


def parse_query(text: str, limits: SyntaxLimits = DEFAULT_LIMITS) -> ParsedQuery:
    """Parse `text` and decide whether it may run; raise a QueryError saying why not.

    400 (QueryError): malformed, with line and column. 400 (QueryTooComplexError): over the
    size or nesting bound. 403 (QueryRefusedError): an update, LOAD or SERVICE, anywhere in it.
    """
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise QueryError(
            f"malformed SPARQL: the text holds {exc.object[exc.start : exc.end]!r} at offset "
            f"{exc.start}, which is not a character (send UTF-8)"
        ) from None
    if size > limits.max_bytes:
        raise QueryTooComplexError(
            f"the query is {size} bytes; at most {limits.max_bytes} are accepted "
            "(KG_MAX_QUERY_BYTES): send a shorter query, or bind long lists with VALUES "
            "in several queries"
        )
    text = _process_codepoint_escapes(text)
    if size <= _CACHED_BYTES:
        return _parse_cached(text, limits.max_depth)
    return _parse(text, limits.max_depth)


_CACHED_BYTES = 16 << 10


@lru_cache(maxsize=512)
def _parse_cached(text: str, max_depth: int) -> ParsedQuery:
    """Clients repeat their queries, and a parse is immutable: keep the last 512 short ones
    (at most 8 MiB of text)."""
    return _parse(text, max_depth)


def _parse(text: str, max_depth: int) -> ParsedQuery:
    source = text.encode("utf-8")
    tree = tree_sitter.Parser(_LANGUAGE).parse(source)
    walk = _walk(tree.root_node, max_depth)
    if walk.too_deep is not None:
        line, column = _position(source, walk.too_deep)
        raise QueryTooComplexError(
            f"the query is more than {max_depth} levels deep at line {line}, column {column} "
            "(nested groups, brackets and calls, and the elements of one sequence of BIND, "
            "FILTER, OPTIONAL, MINUS or UNION count a level each); split or flatten it, or put "
            "long lists of values in VALUES"
        )
    if walk.updates:
        raise QueryRefusedError(
            f"{walk.updates[0]} is a SPARQL Update operation; this endpoint is read-only and "
            "accepts queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    if walk.service:
        raise QueryRefusedError(
            "SERVICE (federated query) is refused: this endpoint does not call other "
            "addresses; query the remote endpoint directly"
        )
    if walk.error is not None:
        offset, missing = walk.error
        line, column = _position(source, offset)
        what = f"expected {missing!r}" if missing else _near(source, offset)
        raise QueryError(f"malformed SPARQL at line {line}, column {column}: {what}")
    if walk.form is None:
        raise QueryError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE query found")
    brace = None
    if walk.where_brace is not None:
        brace = len(source[: walk.where_brace].decode("utf-8"))
    return ParsedQuery(text, walk.form, walk.has_dataset, walk.has_base, brace, walk.depth)


@dataclass
class _Walk:
    depth: int = 0
    too_deep: int | None = None  # byte offset where the nesting bound was passed
    error: tuple[int, str | None] | None = None  # first syntax error: offset, missing token
    updates: tuple[str, ...] = ()
    service: bool = False
    form: QueryForm | None = None
    has_dataset: bool = False
    has_base: bool = False
    where_brace: int | None = None


def _walk(root: tree_sitter.Node, max_depth: int) -> _Walk:
    """One pass over every node (iterative: no input can exhaust Python's stack).

    The depth counted is what the engine recurses over: each level of the parse tree, and each
    further element of a sequence (the engine folds `BIND ... BIND ...`, `MINUS ... MINUS`,
    a UNION chain or a list of projected expressions into a left-deep tree as deep as the
    sequence is long). Data (VALUES rows, IN lists, arguments, ORDER BY keys) adds no depth.
    """
    found = _Walk()
    updates: list[str] = []
    cursor = root.walk()
    level = depth = 1
    parents: list[tuple[int, bool]] = []  # (depth of the parent, whether its children chain)
    while True:
        node = cursor.node
        assert node is not None  # a cursor made from a node always stands on one
        kind = node.type
        if node.is_error or node.is_missing:
            if found.error is None:
                found.error = (node.start_byte, kind if node.is_missing else None)
        elif kind in _TERMINALS and not _TERMINALS[kind].fullmatch(_text(node)):
            if found.error is None:  # the grammar's token is not SPARQL's: fail closed
                found.error = (node.start_byte, None)
        elif kind == "service_graph_pattern":
            found.service = True
        elif kind == "base_declaration":
            found.has_base = True
        elif kind in _UPDATES:
            updates.append(_UPDATES[kind])
        elif kind in _FORMS and level == 2:  # a query directly under the unit
            found.form = _FORMS[kind]
            _read_top_query(node, found)
        if depth > found.depth:
            found.depth = depth
            if depth > max_depth:
                found.too_deep = node.start_byte
                break
        if cursor.goto_first_child():
            parents.append((depth, kind not in _FLAT))
            level += 1
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                found.updates = tuple(updates)
                return found
            level -= 1
            depth = parents.pop()[0]
        if parents[-1][1]:
            sibling = cursor.node
            assert sibling is not None
            if sibling.is_named:
                depth += 1
    found.updates = tuple(updates)
    return found


# Parents whose children are data or a flat list to the engine, not a left-deep chain.
_FLAT = frozenset(
    {"unit", "prologue", "data_block", "inline_data", "values_clause", "expression_list",
     "arg_list", "order_clause", "group_clause"}
)  # fmt: skip


def _text(node: tree_sitter.Node) -> str:
    """The node's text: every node of a tree parsed from bytes has it (None is for a tree read
    through a callback)."""
    text = node.text
    assert text is not None
    return text.decode("utf-8")


def _read_top_query(query: tree_sitter.Node, found: _Walk) -> None:
    for child in query.named_children:
        if child.type == "dataset_clause":
            found.has_dataset = True
        elif child.type == "where_clause":
            group = next((c for c in child.named_children if c.type == "group_graph_pattern"), None)
            if group is not None and group.child_count and group.children[0].type == "{":
                found.where_brace = group.children[0].start_byte


def _process_codepoint_escapes(text: str) -> str:
    """SPARQL 1.1 section 19.2: \\uXXXX and \\UXXXXXXXX stand for their character anywhere in
    the query, before parsing. A surrogate or NUL cannot be a query character."""
    if "\\u" not in text and "\\U" not in text:
        return text

    def char(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise QueryError(
                f"malformed SPARQL: {match.group(0)} at offset {match.start()} is not a "
                "character a query may hold"
            )
        return chr(code)

    return _CODEPOINT.sub(char, text)


def _position(source: bytes, offset: int) -> tuple[int, int]:
    before = source[:offset].decode("utf-8", "replace")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _near(source: bytes, offset: int) -> str:
    snippet = source[offset : offset + 40].decode("utf-8", "replace").split("\n", 1)[0]
    return f"unexpected {snippet!r}" if snippet.strip() else "unexpected end of the query"
