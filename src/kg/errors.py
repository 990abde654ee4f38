"""One exception tree for the package, so the CLI and the API map failures in one place.

    KgError                      anything this package raises on purpose
    ├── SourceError              curated input unusable (YAML syntax, unknown key, bad value)
    │                            — carries every problem found, each naming file, record and field
    ├── ConformanceError         the built data violates a SHACL shape (same problem format)
    ├── BuildMissingError        no built dump to load; run `kg build`
    ├── QueryError               a SPARQL query is malformed or failed in the engine
    │   ├── QueryTimeoutError    a query ran past the configured time limit
    │   ├── ResultLimitError     an answer holds more rows than the configured limit
    │   ├── QueryTooComplexError a query over the size or nesting bound, refused unparsed
    │   └── QueryRefusedError    an update, LOAD or SERVICE call on the read-only endpoint
    ├── ProtocolError            an HTTP request that breaks the SPARQL protocol
    │   ├── NotAcceptableError   no offered format matches the Accept header
    │   ├── UnsupportedMediaTypeError  a POST body of a media type the protocol does not allow
    │   └── RequestTooLargeError a request body over the size limit
    ├── LimitError               a limit of the service was reached (HTTP 503; says which)
    │   ├── TimeLimitError       a request's work ran past the time limit
    │   ├── MemoryLimitError     the process ran past its memory ceiling
    │   └── ServiceBusyError     too many heavy requests at once
    ├── NotFoundError            a named query, study, publication, claim or IRI that is not there
    │   └── UnknownQueryError    a named query does not exist
    ├── ParameterError           a named-query parameter is unknown, missing or of the wrong type
    └── StoreError               the store could not be reached or loaded

`SourceError` and `ConformanceError` mean "the data does not conform" (CLI exit 1);
the rest mean "the input could not be used" (CLI exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with curated data, located as precisely as we know."""

    file: str
    message: str
    record: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(f"record {self.record!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts) + f": {self.message}"


class KgError(Exception):
    """Base of every error this package raises on purpose."""


class _ProblemsError(KgError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SourceError(_ProblemsError):
    """Curated source files could not be turned into RDF."""


class ConformanceError(_ProblemsError):
    """The built graph does not conform to graph/shapes.ttl."""


class BuildMissingError(KgError):
    """There is no built dump to serve or query."""


class QueryError(KgError):
    """A SPARQL query could not be parsed or evaluated."""


class QueryTimeoutError(QueryError):
    """A query ran past the time limit."""


class ResultLimitError(QueryError):
    """An answer holds more rows or triples than the configured limit."""


class QueryTooComplexError(QueryError):
    """A query larger or more deeply nested than the engine is allowed to parse."""


class QueryRefusedError(QueryError):
    """The read-only endpoint refuses updates, LOAD and federated SERVICE calls."""


class ProtocolError(KgError):
    """A request that does not follow the SPARQL 1.1 Protocol."""


class NotAcceptableError(ProtocolError):
    """None of the offered formats matches the Accept header."""


class UnsupportedMediaTypeError(ProtocolError):
    """A POST body whose media type the protocol does not allow."""


class RequestTooLargeError(ProtocolError):
    """A request body over the configured size limit."""


class LimitError(KgError):
    """A limit of the service was reached; the message names it and its setting."""


class TimeLimitError(LimitError):
    """A request's work (check, ask, a REST record) ran past the time limit."""


class MemoryLimitError(LimitError):
    """The server process grew past its memory ceiling while this request ran."""


class ServiceBusyError(LimitError):
    """Every slot for heavy requests stayed taken for as long as this one could wait."""


class NotFoundError(KgError):
    """Something asked for by name or id is not in the graph."""


class UnknownQueryError(NotFoundError):
    """A named query was asked for that does not exist."""


class ParameterError(KgError):
    """A named-query parameter is unknown, missing, or of the wrong type."""


class StoreError(KgError):
    """The store could not be reached or loaded."""
