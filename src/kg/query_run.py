"""Running one query under limits, for every caller: the HTTP service (kg.api.execute) and
`kg query`. One place decides what a query may cost.

Limits: the query's size and nesting (checked on its parse, before the engine sees it,
kg.sparql_syntax, which also refuses updates, LOAD and SERVICE), a time limit (serialising
stops at the next row past the deadline of the work it runs in, kg.deadline), a result limit
(rows or triples) and a cap on the answer's bytes. Oxigraph's own serialisers write the
answer; the table for people is made from the same bounded answer.
"""

from __future__ import annotations

import csv
import io
import json
import time
import traceback
from dataclasses import dataclass

import pyoxigraph as ox

from kg.deadline import current as current_deadline
from kg.errors import KgError, QueryTimeoutError, ResultLimitError
from kg.render import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    TABLE,
    GraphFormat,
    ResultFormat,
    serialize_graph,
    written,
)
from kg.render import table as table_text
from kg.sparql_syntax import DEFAULT_LIMITS, SyntaxLimits, parse_query
from kg.store.base import Bindings, Store


@dataclass(frozen=True)
class Limits:
    timeout: float
    rows: int
    bytes: int = 256 << 20
    syntax: SyntaxLimits = DEFAULT_LIMITS

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(
            settings.query_timeout,
            settings.result_limit,
            settings.max_response_bytes,
            settings.syntax_limits,
        )


def run_query(
    store: Store,
    text: str,
    fmt: str,
    limits: Limits,
    bindings: Bindings | None = None,
) -> bytes:
    """`kg query`'s answer: `fmt` is a protocol format or `table` (a graph as Turtle), made
    under the same limits as the service's."""
    parsed = parse_query(text, limits.syntax)  # refused before anything runs
    values = dict(bindings or {})
    if parsed.form.is_graph:  # written with the project's prefixes where the format has them
        fmt = GraphFormat.TURTLE if fmt == TABLE else fmt
        if fmt not in GRAPH_FORMATS:
            raise KgError(
                f"format {fmt!r} does not fit a CONSTRUCT or DESCRIBE result; use "
                f"{', '.join(GRAPH_FORMATS)}"
            )
        body = evaluate(store, text, GraphFormat.NTRIPLES, limits, values, None, None, None)
        return serialize_graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), fmt)
    if fmt == TABLE:
        body = evaluate(store, text, ResultFormat.JSON, limits, values, None, None, None)
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return table_text(solutions).encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise KgError(
            f"format {fmt!r} does not fit a SELECT or ASK result; use table, "
            f"{', '.join(RESULT_FORMATS)}"
        )
    return evaluate(store, text, fmt, limits, values, None, None, None)


def evaluate(
    store: Store,
    text: str,
    fmt: str,
    limits: Limits,
    bindings: Bindings,
    default_graphs: list[str] | None,
    named_graphs: list[str] | None,
    base_iri: str | None,
) -> bytes:
    """Run and serialise one query; stops at the row limit, the byte cap or the deadline
    of the work it runs in (kg.deadline)."""
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
        return _serialise(result, fmt, limits.rows, current_deadline(), limits.bytes)
    except BaseException as exc:
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        del result


def _serialise(result, fmt: str, limit: int, deadline: float, max_bytes: int) -> bytes:
    """Oxigraph's own serialisers write the answer (ten times faster than building it in
    Python); the writer stops them at the deadline or the byte cap, and rows are counted on
    the written bytes, exactly, only when there are enough bytes to hold more than `limit`."""
    if isinstance(result, ox.QueryBoolean):
        return written(result.serialize(format=RESULT_FORMATS[_results_format(fmt)]))
    if isinstance(result, ox.QuerySolutions):
        fmt = _results_format(fmt)
        out = _BoundedWriter(deadline, max_bytes)
        try:
            # Oxigraph writes to any object with a `write` method; its stub asks for IO[bytes],
            # which a RawIOBase is not to the type checker.
            result.serialize(out, format=RESULT_FORMATS[fmt])  # type: ignore[arg-type]
        except OSError:
            out.raise_if_stopped()
            raise
        out.raise_if_stopped()
        body = out.getvalue()
        if len(body) > limit * _MIN_ROW_BYTES[fmt] and _count_rows(body, fmt) > limit:
            raise _over_limit(limit, "rows")
        return body
    triples: list[ox.Triple] = []
    for triple in result:
        _check(len(triples), limit, deadline, "triples")
        triples.append(triple)
    return written(ox.serialize(triples, format=GRAPH_FORMATS[fmt]))


# The fewest bytes one result row takes in each format, so that a small answer is known to
# be under the row limit without counting: `{},` in JSON, `<result></result>` in XML, a
# line end in TSV and CSV.
_MIN_ROW_BYTES = {"json": 3, "xml": 17, "tsv": 1, "csv": 2}


def _count_rows(body: bytes, fmt: str) -> int:
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>")
    if fmt == "tsv":  # literals' line ends are escaped in TSV; the header is a line too
        return body.count(b"\n") - 1
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1


class _BoundedWriter(io.RawIOBase):
    """A bytes buffer Oxigraph writes into (8 KiB at a time) that stops it at the deadline
    or at the byte cap: a write raises OSError, and the reason is kept for the caller."""

    def __init__(self, deadline: float, max_bytes: int):
        self._chunks: list[bytes] = []
        self._size = 0
        self._deadline = deadline
        self._max_bytes = max_bytes
        self._stopped: KgError | None = None

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        self._size += len(chunk)
        if time.monotonic() > self._deadline:
            self._stopped = QueryTimeoutError("the query ran past its time limit and was stopped")
        elif self._size > self._max_bytes:
            self._stopped = ResultLimitError(
                f"the answer is over {self._max_bytes} bytes, the response size limit; add "
                "LIMIT (and OFFSET to page) or ask the operator to raise KG_MAX_RESPONSE_BYTES"
            )
        if self._stopped is not None:
            raise OSError(str(self._stopped))
        self._chunks.append(bytes(chunk))
        return len(chunk)

    def raise_if_stopped(self) -> None:
        if self._stopped is not None:
            raise self._stopped

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


def _results_format(fmt: str) -> str:
    if fmt not in RESULT_FORMATS:  # the parse said CONSTRUCT/DESCRIBE, the engine did not
        raise RuntimeError(f"the engine answered a table where the parse gave a graph ({fmt})")
    return fmt


def _check(count: int, limit: int, deadline: float, what: str) -> None:
    if time.monotonic() > deadline:
        raise QueryTimeoutError("the query ran past its time limit and was stopped")
    if count >= limit:
        raise _over_limit(limit, what)


def _over_limit(limit: int, what: str) -> ResultLimitError:
    return ResultLimitError(
        f"the answer holds more than {limit} {what}, the result limit; add LIMIT "
        "(and OFFSET to page) or ask the operator to raise KG_RESULT_LIMIT"
    )
