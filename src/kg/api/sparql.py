"""SPARQL 1.1 Protocol endpoint (query by GET for now; results as SPARQL JSON)."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from kg.api.deps import StoreDep
from kg.render import render

router = APIRouter(tags=["sparql"])


@router.get(
    "/sparql",
    summary="Run a SPARQL query (GET)",
    response_class=Response,
    responses={200: {"content": {"application/sparql-results+json": {}}}},
)
def sparql_get(store: StoreDep, query: str = Query(..., description="SPARQL 1.1 query")):
    result = store.query(query)
    if hasattr(result, "variables") or type(result).__name__ == "QueryBoolean":
        return Response(render(result, "json"), media_type="application/sparql-results+json")
    return Response(render(result, "turtle"), media_type="text/turtle")
