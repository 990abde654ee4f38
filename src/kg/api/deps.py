"""Dependencies shared by routers: the store and named queries loaded at start-up, and the
refusal of query parameters a route does not take."""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import Depends, Request

from kg.errors import ParameterError
from kg.named_queries import QueryCatalog
from kg.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_catalog(request: Request) -> QueryCatalog:
    return request.app.state.catalog


StoreDep = Annotated[Store, Depends(get_store)]
CatalogDep = Annotated[QueryCatalog, Depends(get_catalog)]

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
    """`fn(store, catalog, *args, **kwargs)`, the work of one request, run under the service's
    limits (kg.api.work): on a worker thread, within the time limit and the memory ceiling."""
    state = request.app.state
    job = functools.partial(fn, state.store, state.catalog, *args, **kwargs)
    return await state.work.run(job, what=what)


def _query_names(dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


KnownParameters = Depends(known_parameters_only)
