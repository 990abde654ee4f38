"""SPARQL 1.1 Protocol endpoint: query by GET, POST form and POST direct; read-only.

Follows https://www.w3.org/TR/sparql11-protocol/: `query` exactly once, the dataset from
`default-graph-uri` / `named-graph-uri`, answers negotiated by Accept (with `format` as a
fallback), the service description when no query is given, 4xx for every malformed request.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kg.api.errors import SPARQL_RESPONSES
from kg.api.execute import Limits, answer
from kg.api.service_description import service_description
from kg.errors import ProtocolError, QueryRefusedError, UnsupportedMediaTypeError
from kg.render import GraphFormat, serialize_graph

router = APIRouter(tags=["sparql"])

_DATASET = [
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "graphs merged into the default graph (overrides FROM in the query)",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "graphs GRAPH may name (overrides FROM NAMED in the query)",
    },
    {
        "name": "format",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "json, xml, csv, tsv, turtle, ntriples, jsonld or rdfxml, when Accept "
        "names none of them",
    },
]
_GET_PARAMETERS = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": "the SPARQL query; without it, the service description",
    },
    *_DATASET,
]
_POST_BODY = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "properties": {"query": {"type": "string"}},
                "required": ["query"],
            }
        },
        "application/sparql-query": {"schema": {"type": "string"}},
    },
}
_QUERY_DOC = (
    "Parameters: `query` (once), `default-graph-uri` and `named-graph-uri` (any number), "
    "`format` (json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml) as a fallback to Accept."
)


@router.get(
    "/sparql",
    summary="SPARQL query by GET",
    description=_QUERY_DOC,
    response_class=Response,
    responses=SPARQL_RESPONSES,
    openapi_extra={"parameters": _GET_PARAMETERS},
)
async def sparql_get(request: Request) -> Response:
    params = _multi(request.url.query)
    return await _dispatch(request, params)


@router.post(
    "/sparql",
    summary="SPARQL query by POST (form or direct)",
    description="Body `application/x-www-form-urlencoded` with `query=...`, or "
    "`application/sparql-query` with the query itself. " + _QUERY_DOC,
    response_class=Response,
    responses=SPARQL_RESPONSES,
    openapi_extra={"parameters": _DATASET, "requestBody": _POST_BODY},
)
async def sparql_post(request: Request) -> Response:
    params = _multi(request.url.query)
    media, charset = _content_type(request)
    body = await request.body()  # kg.api.middleware.BodyLimit stops it at the size limit
    if media == "application/x-www-form-urlencoded":
        for key, values in _multi(_decode(body, charset)).items():
            params.setdefault(key, []).extend(values)
    elif media == "application/sparql-query":
        if "query" in params:
            raise ProtocolError("a direct POST carries the query in its body, not in `query=`")
        params["query"] = [_decode(body, charset)]
    elif media == "application/sparql-update":
        raise QueryRefusedError("SPARQL Update is refused: this endpoint is read-only")
    else:
        raise UnsupportedMediaTypeError(
            f"POST body of type {media or 'none'!r}; send application/x-www-form-urlencoded "
            "(query=...) or application/sparql-query"
        )
    return await _dispatch(request, params)


async def _dispatch(request: Request, params: dict[str, list[str]]) -> Response:
    if "update" in params:
        raise QueryRefusedError("SPARQL Update is refused: this endpoint is read-only")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(f"`query` given {len(queries)} times; give exactly one query")
    store = request.app.state.graph.store
    accept = request.headers.get("accept")
    formats = params.get("format")
    fmt = formats[0] if formats else None
    if not queries:
        return await run_in_threadpool(_describe_service, request, store, accept, fmt)
    settings = request.app.state.settings
    result = await answer(
        store,
        queries[0],
        Limits.from_settings(settings),
        request.app.state.work,
        accept=accept,
        format_param=fmt,
        default_graphs=params.get("default-graph-uri"),
        named_graphs=params.get("named-graph-uri"),
        base_iri=str(request.url).split("?", 1)[0],
    )
    return Response(result.body, media_type=result.media_type)


def _describe_service(request: Request, store, accept: str | None, fmt: str | None) -> Response:
    from kg.api.media import choose

    name, media = choose("graph", accept, fmt)
    endpoint = str(request.url).split("?", 1)[0]
    turtle = service_description(
        endpoint, store.release()["version"], getattr(store, "union_default_graph", True)
    )
    body = turtle.encode("utf-8")
    if name != GraphFormat.TURTLE:
        body = serialize_graph(ox.parse(turtle, format=ox.RdfFormat.TURTLE), name)
    return Response(body, media_type=media)


def _multi(query_string: str) -> dict[str, list[str]]:
    return parse_qs(query_string, keep_blank_values=True)


def _content_type(request: Request) -> tuple[str, str]:
    header = request.headers.get("content-type", "")
    media, _, rest = header.partition(";")
    charset = "utf-8"
    for param in rest.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _decode(body: bytes, charset: str) -> str:
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"charset {charset!r}; the protocol requires UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"the body is not valid UTF-8 ({exc.reason})") from exc
