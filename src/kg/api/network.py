"""The evidence network over HTTP: comparisons, gaps and review overlap as JSON or GraphML,
and what links two interventions. Handlers call kg.network only; no SPARQL here."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kg.api.deps import KnownParameters, work_on
from kg.api.errors import COMMON_ERRORS, NOT_ACCEPTABLE, NOT_FOUND
from kg.api.media import parse_accept
from kg.api.models import Network, Paths
from kg.evidence_graph import EvidenceGraph
from kg.network import EvidenceNetwork

router = APIRouter(
    tags=["network"],
    dependencies=[KnownParameters],
    responses={**COMMON_ERRORS, **NOT_FOUND, **NOT_ACCEPTABLE},
)
GRAPHML = "application/graphml+xml"

DesignQuery = Annotated[
    str, Query(description="trials of this design: rct (default) or controlled-study")
]


@router.get(
    "/network",
    response_model=Network,
    summary="Head-to-head comparisons, gaps and review overlap (JSON, or GraphML)",
    responses={200: {"content": {GRAPHML: {}}}},
)
async def network(
    request: Request,
    design: DesignQuery = "rct",
    format: Annotated[
        Literal["json", "graphml"] | None,
        Query(description="json or graphml; the Accept header decides when absent"),
    ] = None,
):
    if (format or _format_from_accept(request)) == "graphml":
        graphml = await work_on(request, _graphml, design, what="drawing the network")
        return Response(graphml, media_type=GRAPHML)
    return await work_on(request, _as_json, design, what="drawing the network")


@router.get(
    "/network/paths",
    response_model=Paths,
    summary="Direct comparisons of two interventions and the indirect paths linking them",
)
async def paths(
    request: Request,
    a: Annotated[str, Query(description="an intervention id or synonym, e.g. marrow")],
    b: Annotated[str, Query(description="another intervention, e.g. adipose")],
    max_length: Annotated[int, Query(ge=2, le=5, description="most trials in a chain")] = 3,
    design: DesignQuery = "rct",
) -> dict:
    return await work_on(request, _paths, a, b, max_length, design, what="finding the paths")


def _as_json(graph: EvidenceGraph, design: str) -> dict:
    return EvidenceNetwork.from_graph(graph, design).to_json()


def _graphml(graph: EvidenceGraph, design: str) -> bytes:
    return EvidenceNetwork.from_graph(graph, design).graphml()


def _paths(graph: EvidenceGraph, a: str, b: str, max_length: int, design: str) -> dict:
    net = EvidenceNetwork.from_graph(graph, design)
    return {
        "a": a,
        "b": b,
        "direct": net.comparisons(a, b),
        "indirect": net.indirect_paths(a, b, max_length=max_length),
    }


def _format_from_accept(request: Request) -> str:
    for media_range in parse_accept(request.headers.get("accept")):
        if media_range.media == GRAPHML:
            return "graphml"
        if media_range.media in ("application/json", "application/*", "*/*"):
            return "json"
    return "json"
