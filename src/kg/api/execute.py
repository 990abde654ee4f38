"""Run one protocol query under the service's limits and serialise the answer.

Limits: a time limit (the client gets a clear error when it is reached and the worker stops at
the next row), a result limit (rows or triples), and refusal of updates and SERVICE calls: the
endpoint is read-only and never calls out to other addresses.

Oxigraph releases the GIL while it evaluates, so a long query does not stop the server from
answering other requests. Queries on a store loaded from files run in worker processes
(kg.api.workers) so that one past its time limit can really be stopped.
"""

from __future__ import annotations

import json
import re
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.api.media import choose
from kg.errors import QueryError, QueryRefusedError, QueryTimeoutError, ResultLimitError
from kg.render import GRAPH_FORMATS, RESULT_FORMATS
from kg.sparql_text import query_form, skeleton
from kg.store.base import Bindings, Store

if TYPE_CHECKING:
    from kg.api.workers import WorkerPool

_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="sparql")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@dataclass(frozen=True)
class Limits:
    timeout: float
    rows: int


def answer(
    store: Store,
    text: str,
    limits: Limits,
    *,
    accept: str | None = None,
    format_param: str | None = None,
    bindings: Bindings | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    pool: WorkerPool | None = None,
) -> Answer:
    """Evaluate `text` and serialise it in the negotiated format, within `limits`.

    With a worker pool the query runs in a worker process that is ended if it overruns;
    without one (a store that is not loaded from files) it runs on a thread that gives up
    waiting at the deadline.
    """
    refuse_writes_and_federation(text)
    kind = "graph" if query_form(text) in ("CONSTRUCT", "DESCRIBE") else "results"
    fmt, media = choose(kind, accept, format_param)  # a 406 costs no evaluation
    deadline = time.monotonic() + limits.timeout
    job = {
        "text": text,
        "fmt": fmt,
        "rows": limits.rows,
        "deadline": deadline,
        "bindings": dict(bindings or {}),
        "default_graphs": default_graphs,
        "named_graphs": named_graphs,
        "base_iri": base_iri,
    }
    if pool is not None:
        return Answer(pool.run(job, deadline, limits.timeout), media)
    future = _POOL.submit(evaluate, store, **job)
    try:
        return Answer(future.result(timeout=max(0.0, deadline - time.monotonic())), media)
    except FutureTimeout:
        raise QueryTimeoutError(
            f"the query ran past the {limits.timeout:g} s time limit; narrow it (LIMIT, "
            "more specific patterns) or ask the operator to raise KG_QUERY_TIMEOUT"
        ) from None


def evaluate(
    store: Store,
    *,
    text: str,
    fmt: str,
    rows: int,
    deadline: float,
    bindings: Bindings,
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
    base_iri: str | None = None,
) -> bytes:
    """Run and serialise one query; stops at the row limit or the deadline."""
    # Oxigraph result objects must be dropped on the thread that made them, so no
    # reference may leave this function, not even through an exception's traceback.
    result = store.query(
        text,
        bindings,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        base_iri=base_iri,
    )
    try:
        return _serialise(result, fmt, rows, deadline)
    except BaseException as exc:
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        del result


def refuse_writes_and_federation(text: str) -> None:
    """The endpoint is read-only and local: refuse updates, LOAD and SERVICE up front."""
    bare = skeleton(text)
    match = _UPDATE.match(bare)
    if match:
        raise QueryRefusedError(
            f"{match.group(1).upper()} is a SPARQL Update operation; this endpoint is "
            "read-only and accepts queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    if _SERVICE.search(bare):
        raise QueryRefusedError(
            "SERVICE (federated query) is refused: this endpoint does not call other "
            "addresses; query the remote endpoint directly"
        )


def _serialise(result, fmt: str, limit: int, deadline: float) -> bytes:
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=RESULT_FORMATS[_results_format(fmt)])
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for row in result:
            _check(len(rows), limit, deadline, "rows")
            rows.append({v: _term_json(row[v]) for v in variables if row[v] is not None})
        body = json.dumps(
            {"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False
        ).encode("utf-8")
        fmt = _results_format(fmt)
        if fmt != "json":
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=RESULT_FORMATS[fmt])
        return body
    triples = []
    for triple in result:
        _check(len(triples), limit, deadline, "triples")
        triples.append(triple)
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt])


def _results_format(fmt: str) -> str:
    if fmt not in RESULT_FORMATS:  # the text looked like CONSTRUCT but was not
        raise QueryError(f"the query's answer is a result table, not a graph ({fmt})")
    return fmt


def _check(count: int, limit: int, deadline: float, what: str) -> None:
    if time.monotonic() > deadline:
        raise QueryTimeoutError("the query ran past its time limit and was stopped")
    if count >= limit:
        raise ResultLimitError(
            f"the answer holds more than {limit} {what}, the result limit; add LIMIT "
            "(and OFFSET to page) or ask the operator to raise KG_RESULT_LIMIT"
        )


def _term_json(term) -> dict:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")
