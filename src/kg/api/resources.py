"""The graph's IRIs dereference under the service: /id/..., /concept/..., /scheme/...

A browser (Accept: text/html) gets a readable page; a client gets Turtle, N-Triples, JSON-LD
or RDF/XML by content negotiation, the same description the `describe-node` query gives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kg.api.deps import KnownParameters, work_on
from kg.api.errors import COMMON_ERRORS, NOT_ACCEPTABLE, NOT_FOUND, Responses
from kg.api.media import GRAPH_FORMATS as GRAPH_MEDIA
from kg.api.media import choose, wants_html
from kg.errors import NotFoundError, ParameterError
from kg.evidence_graph import EvidenceGraph
from kg.named_queries import bind
from kg.namespaces import BASE
from kg.render import GraphFormat, serialize_graph, short
from kg.store.base import triples as graph_triples
from kg.web.records_pages import claim_page, finding_page, publication_page
from kg.web.study import study_page
from kg.web.templates import render

router = APIRouter(
    tags=["resources"],
    dependencies=[KnownParameters],
    responses={**COMMON_ERRORS, **NOT_FOUND, **NOT_ACCEPTABLE},
)


FormatQuery = Annotated[
    GraphFormat | None,
    Query(description="RDF format when Accept does not choose one (a browser gets HTML)"),
]
_RDF: Responses = {
    200: {"content": {"text/html": {}, **{media: {} for media, _ in GRAPH_MEDIA.values()}}}
}


@router.get("/id/{path:path}", summary="Dereference a node IRI of the graph", responses=_RDF)
async def node(path: str, request: Request, format: FormatQuery = None) -> Response:
    return await _describe(BASE + "id/" + path, request, format)


@router.get("/concept/{concept_id}", summary="Dereference a vocabulary concept", responses=_RDF)
async def concept(concept_id: str, request: Request, format: FormatQuery = None) -> Response:
    return await _describe(BASE + "concept/" + concept_id, request, format)


@router.get("/scheme/{scheme_id}", summary="Dereference a vocabulary", responses=_RDF)
async def scheme(scheme_id: str, request: Request, format: FormatQuery = None) -> Response:
    return await _describe(BASE + "scheme/" + scheme_id, request, format)


async def _describe(iri: str, request: Request, format: str | None) -> Response:
    triples = await work_on(request, _triples_about, iri, what="describing the node")
    accept = request.headers.get("accept")
    if wants_html(accept) and not format:
        readable = _readable(iri)
        if readable:
            template, view, args = readable
            page = await work_on(request, view, *args, what="reading the record")
            release = request.app.state.graph.release().get("version")
            return HTMLResponse(render(template, page=page, claim=page, release=release))
        return HTMLResponse(_page(iri, triples))
    name, media = choose("graph", accept, format)
    return Response(serialize_graph(triples, name), media_type=media)


def _triples_about(graph: EvidenceGraph, iri: str) -> list:
    query, store = graph.catalog.get("describe-node"), graph.store
    try:
        bindings = bind(query, {"node": iri}, store)
    except ParameterError:  # not even an IRI: nothing is named so
        raise NotFoundError(f"nothing in the graph is named {iri!r}") from None
    triples = list(graph_triples(store.query(query.text, bindings)))
    if not triples:
        raise NotFoundError(f"nothing in the graph is named {iri}")
    return triples


def _page(iri: str, triples: list) -> str:
    rows = []
    for t in triples:
        if t.subject.value != iri:
            continue
        value = t.object
        shown = html.escape(short(value))
        if isinstance(value, ox.NamedNode) and value.value.startswith(BASE):
            shown = f'<a href="{html.escape(_local_path(value.value))}">{shown}</a>'
        elif isinstance(value, ox.NamedNode):
            shown = f'<a href="{html.escape(value.value)}">{shown}</a>'
        rows.append(f"<tr><th>{html.escape(short(t.predicate))}</th><td>{shown}</td></tr>")
    title = html.escape(short(ox.NamedNode(iri)))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:60rem;"
        "margin:2rem auto}th{text-align:left;vertical-align:top;padding-right:1rem}"
        "td,th{border-bottom:1px solid #ddd;padding:.3rem}</style></head><body>"
        f"<h1>{title}</h1><p><code>{html.escape(iri)}</code></p><table>{''.join(rows)}</table>"
        "<p>Also as <a href='?format=turtle'>Turtle</a>, <a href='?format=jsonld'>JSON-LD</a>"
        "</p></body></html>"
    )


_FINDING = re.compile(r"study/[^/]+/(?:finding|result)/[^/]+")


def _readable(iri: str) -> tuple[str, Callable, tuple] | None:
    """The readable page of an IRI the graph names, when there is one: a study, a claim, a
    publication, a finding or result (template, view, its arguments); None for the rest,
    which get the node's plain page."""
    path = iri.removeprefix(BASE + "id/")
    if path == iri:
        return None
    kind, _, rest = path.partition("/")
    if kind == "study" and rest and "/" not in rest:
        return "study.html", study_page, (rest,)
    if kind == "study" and _FINDING.fullmatch(path):
        return "finding.html", finding_page, (iri,)
    if kind == "claim" and rest.count("/") == 1:
        return "claim.html", claim_page, tuple(rest.split("/"))
    if kind == "publication" and rest and "/" not in rest:
        return "publication.html", publication_page, (rest,)
    return None


def _local_path(iri: str) -> str:
    return "/" + iri[len(BASE) :]
