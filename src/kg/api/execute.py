"""Run one protocol query under the service's limits (kg.query_run) and serialise the answer
in the negotiated format.

Oxigraph releases the GIL while it evaluates, so a long query does not stop the server from
answering other requests. Oxigraph cannot cancel a query from Python: a query past its time
limit gets its client a clear error at once, and the process that still runs it is replaced
(kg.api.work, kg.api.overrun).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.api.media import choose
from kg.api.work import Work
from kg.query_run import Limits, evaluate
from kg.sparql_syntax import parse_query
from kg.store.base import Bindings, Store

__all__ = ["Answer", "Limits", "answer"]


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


async def answer(
    store: Store,
    text: str,
    limits: Limits,
    work: Work,
    *,
    accept: str | None = None,
    format_param: str | None = None,
    bindings: Bindings | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
) -> Answer:
    """Evaluate `text` and serialise it in the negotiated format, within `limits`.

    The query runs through `work` (kg.api.work): one thread hop, as a bare endpoint has, under
    the time limit, the memory ceiling and the bound on concurrent requests.
    """
    parsed = parse_query(text, limits.syntax)  # 400/403 before anything runs
    kind = "graph" if parsed.form.is_graph else "results"
    fmt, media = choose(kind, accept, format_param)  # a 406 costs no evaluation
    body = await work.run(
        evaluate,
        store,
        text,
        fmt,
        limits,
        dict(bindings or {}),
        default_graphs,
        named_graphs,
        base_iri,
        what="the query",
        advice="narrow it (LIMIT, more specific patterns)",
        interruptible=False,
    )
    return Answer(body, media)
