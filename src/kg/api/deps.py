"""Dependencies shared by routers: the graph loaded at start-up (kg.evidence_graph), and the
refusal of query parameters a route does not take."""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import Depends, Request

from kg.errors import ParameterError
from kg.evidence_graph import EvidenceGraph


def get_graph(request: Request) -> EvidenceGraph:
    return request.app.state.graph


GraphDep = Annotated[EvidenceGraph, Depends(get_graph)]

_DECLARED: dict[int, frozenset[str]] = {}


def known_parameters_only(request: Request) -> None:
    """A misspelt parameter (`?desing=rct`) is a 422 naming it, not silently ignored."""
    route = request.scope["route"]
    declared = _DECLARED.get(id(route))
    if declared is None:
        declared = _DECLARED[id(route)] = frozenset(_query_names(route.dependant))
    unknown = sorted(set(request.query_params) - declared)
    if unknown:
        takes = ", ".join(sorted(declared)) or "none"
        raise ParameterError(
            f"unknown query parameter {', '.join(map(repr, unknown))}; "
            f"{request.url.path} takes: {takes}"
        )


async def work_on(request: Request, fn, *args, what: str = "the request", **kwargs):
    """`fn(graph, *args, **kwargs)`, the work of one request, run under the service's limits
    (kg.api.work): on a worker thread, within the time limit and the memory ceiling."""
    state = request.app.state
    job = functools.partial(fn, state.graph, *args, **kwargs)
    return await state.work.run(job, what=what)


def _query_names(dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


KnownParameters = Depends(known_parameters_only)
