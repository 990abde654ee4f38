"""Named queries over HTTP: list them, run one with typed, safely bound parameters."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from kg.api.errors import COMMON_ERRORS, SPARQL_RESPONSES
from kg.api.execute import Limits, answer
from kg.named_queries import QueryCatalog, bind

router = APIRouter(tags=["named queries"], responses={**COMMON_ERRORS})


class ParameterInfo(BaseModel):
    name: str
    type: str
    description: str
    required: bool
    default: str | None = None
    scheme: str | None = None


class NamedQueryInfo(BaseModel):
    name: str
    summary: str
    description: str
    form: str
    parameters: list[ParameterInfo]
    example: str
    tags: list[str]


def _catalog(request: Request) -> QueryCatalog:
    return request.app.state.graph.catalog


@router.get("/queries", response_model=list[NamedQueryInfo], summary="List the named queries")
def list_queries(request: Request) -> list[dict]:
    return [q.describe() for q in _catalog(request).all()]


@router.get(
    "/queries/{name}",
    summary="Run a named query",
    description="Query-string parameters are the query's own (see GET /queries); `format` "
    "selects the output when Accept does not. Values are bound as RDF terms.",
    response_class=Response,
    responses={
        **SPARQL_RESPONSES,
        404: {"description": "No such named query"},
        422: {"description": "Unknown, missing or invalid parameter"},
    },
)
async def run_query(name: str, request: Request) -> Response:
    query = _catalog(request).get(name)
    values = {k: v[-1] for k, v in parse_qs(request.url.query, keep_blank_values=True).items()}
    fmt = values.pop("format", None)
    store = request.app.state.graph.store
    settings = request.app.state.settings
    bindings = await request.app.state.work.run(bind, query, values, store)  # reads the graph
    result = await answer(
        store,
        query.text,
        Limits.from_settings(settings),
        request.app.state.work,
        accept=request.headers.get("accept"),
        format_param=fmt,
        bindings=bindings,
    )
    return Response(result.body, media_type=result.media_type)
