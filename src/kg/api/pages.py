"""The web pages (kg.web): home, check an article, ask, the studies, a study.

Pages share paths with the API where the issue's users expect them (`/ask`, `/studies`,
`POST /check`): a route of this router answers only a browser, by a rule of its own
(BrowserRoute), so an API client sending JSON, or asking for JSON, meets the API route
unchanged. The pages are not API operations and stay out of the OpenAPI description.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import UploadFile
from starlette.routing import Match

from kg.api.deps import work_on
from kg.api.media import wants_html
from kg.ask import ask, citations
from kg.check_document import as_html, check_document
from kg.cite import FORMATS as CITATION_MEDIA
from kg.cite import CitationFormat
from kg.errors import NotAcceptableError, NotFoundError, ParameterError
from kg.evidence_graph import EvidenceGraph
from kg.namespaces import PREFIXES, sparql_prefixes
from kg.web.answer import SortKey, removable_parts, study_rows, understood
from kg.web.article import article
from kg.web.network_page import (
    CERTAINTY_COLOURS,
    gap_matrix_svg,
    network_page,
    overlap_svg,
    png,
)
from kg.web.templates import render
from kg.web.upload import file_text

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_COLUMNS = ((SortKey.STUDY, "Study"), (SortKey.YEAR, "Year"), (SortKey.DESIGN, "Design"),
            (SortKey.SIZE, "Participants"))  # fmt: skip
_DOWNLOADS = (CitationFormat.RIS, CitationFormat.BIBTEX, CitationFormat.CSL_JSON)


class BrowserRoute(APIRoute):
    """A route that matches only what a browser sends: a page asked for (Accept prefers
    text/html) or a form posted. Everything else goes on to the API's route for the path."""

    def matches(self, scope):
        match, child = super().matches(scope)
        if match is Match.NONE or _from_browser(scope):
            return match, child
        return Match.NONE, {}


def _from_browser(scope) -> bool:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
    if scope.get("method") == "POST":
        return headers.get("content-type", "").split(";")[0].strip().lower() in _FORMS
    try:
        return wants_html(headers.get("accept"))
    except NotAcceptableError:
        return False


router = APIRouter(include_in_schema=False)
browser = APIRouter(include_in_schema=False, route_class=BrowserRoute)


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    release = request.app.state.graph.release().get("version")
    return HTMLResponse(render(template, release=release, **context), status_code=status)


@router.get("/")
async def home(request: Request) -> HTMLResponse:
    rows = await work_on(request, _stats, what="counting the graph")
    return _page(request, "home.html", **rows)


def _stats(graph: EvidenceGraph) -> dict:
    sections = graph.stats
    nodes = sections.get("nodes", {})
    counts = [
        ("studies", nodes.get("Study", 0)),
        ("publications", nodes.get("Publication", 0)),
        ("results", nodes.get("Result", 0)),
        ("findings", nodes.get("Finding", 0)),
        ("claims checked in documents", nodes.get("Claim", 0)),
    ]
    return {"counts": counts, "designs": sorted(sections.get("designs", {}).items())}


@router.get("/check")
async def check_form(request: Request) -> HTMLResponse:
    return _page(request, "check.html", text="", error=None)


@browser.post("/check")
async def check_page(request: Request) -> Response:
    """The article posted from the form (or a file), checked and shown; or the report as a
    download (`download=html|json`)."""
    form = await request.form()
    text = str(form.get("text") or "")
    upload = form.get("file")
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            text = file_text(upload.filename, await upload.read())
    except ParameterError as error:
        return _page(request, "check.html", 422, text=text, error=str(error))
    if not text.strip():
        return _page(request, "check.html", 422, text="", error="Paste some text or upload a file.")
    report, paragraphs = await work_on(request, _checked, text, what="checking the article")
    download = form.get("download")
    if download == "json":
        return _attachment(json.dumps(report, indent=2), "application/json", "check-report.json")
    if download == "html":
        return _attachment(as_html(report), "text/html; charset=utf-8", "check-report.html")
    return _page(
        request,
        "report.html",
        text=text,
        paragraphs=paragraphs,
        units=len(report["sentences"]),
        statuses=report["statuses"],
        summary=report["summary"],
    )


def _checked(graph: EvidenceGraph, text: str) -> tuple[dict, list]:
    report = check_document(graph, text)
    return report, article(graph, text, report)


@browser.get("/ask")
async def ask_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=5000)] = None,
    sort: SortKey | None = None,
    order: str | None = None,
    download: CitationFormat | None = None,
) -> Response:
    if not q or not q.strip():
        return _page(request, "ask.html", question="", answer=None)
    answer = await work_on(request, ask, q, what="answering the question")
    if download:
        text = await work_on(
            request, citations, answer["results"], download.value, what="formatting citations"
        )
        media = CITATION_MEDIA.get(download, "text/plain")
        return _attachment(text, media, f"citations.{_suffix(download)}")
    interp = answer["interpretation"]
    return _page(
        request,
        "ask.html",
        question=q,
        answer=answer,
        understood=understood(interp),
        parts=await work_on(request, removable_parts, q, what="reading the question"),
        unknown=[u["term"] for u in interp.get("unknown_terms", [])],
        rows=study_rows(answer["results"], sort, order == "desc"),
        found=[r for r in answer["results"] if r.get("findings")],
        columns=_COLUMNS,
        sort=sort,
        descending=order == "desc",
        cite_formats=[f.value for f in _DOWNLOADS],
    )


@browser.get("/studies")
async def studies_page(
    request: Request, sort: SortKey | None = None, order: str | None = None
) -> HTMLResponse:
    rows = await work_on(request, _all_studies, what="listing the studies")
    return _page(
        request,
        "studies.html",
        rows=study_rows(rows, sort or SortKey.STUDY, order == "desc"),
        columns=_COLUMNS,
        sort=sort or SortKey.STUDY,
        descending=order == "desc",
    )


def _all_studies(graph: EvidenceGraph) -> list[dict]:
    """One row per study (its first publication's year), as the ask table shows them."""
    seen: dict[str, dict] = {}
    for row in graph.rows("studies"):
        if row["id"] in seen:
            continue
        seen[row["id"]] = {
            "id": row["id"],
            "label": row["label"],
            "design": row["designLabel"],
            "year": int(str(row["published"])[:4]) if row["published"] else None,
            "sample_size": row["sampleSize"],
            "citation": None,
        }
    return list(seen.values())


_EXAMPLE = "SELECT ?study ?label WHERE {\n  ?study a ev:Study ; rdfs:label ?label .\n}\nLIMIT 20\n"


@router.get("/query")
async def query_page(
    request: Request, query: Annotated[str | None, Query(max_length=256 << 10)] = None
) -> HTMLResponse:
    """YASGUI on this endpoint, the named queries as examples; the query rides in the URL."""
    graph = request.app.state.graph
    text = query if query is not None else sparql_prefixes(*PREFIXES) + "\n" + _EXAMPLE
    return _page(
        request,
        "sparql.html",
        query=text,
        examples=graph.catalog.all(),
        prefixes=sparql_prefixes(*PREFIXES),
    )


@browser.get("/sparql")
async def sparql_page(
    request: Request, query: Annotated[str | None, Query(max_length=256 << 10)] = None
) -> HTMLResponse:
    return await query_page(request, query)


@browser.get("/network")
async def network_page_view(request: Request) -> HTMLResponse:
    page = await work_on(request, network_page, what="drawing the network")
    words = {key: words for key, (_, words) in CERTAINTY_COLOURS.items()}
    return _page(request, "network.html", page=page, certainty_words=words)


_DRAWINGS = {
    "picture": lambda page: page.svg,
    "gaps": gap_matrix_svg,
    "overlap": overlap_svg,
}


@router.get("/network/{drawing}.{suffix}")
async def network_drawing(request: Request, drawing: str, suffix: str) -> Response:
    """The network's picture, gap matrix or review overlap, as SVG or PNG."""
    if drawing not in _DRAWINGS or suffix not in ("svg", "png"):
        raise NotFoundError(
            f"no drawing {drawing}.{suffix}: drawings are {', '.join(_DRAWINGS)}, as svg or png"
        )
    page = await work_on(request, network_page, what="drawing the network")
    svg = _DRAWINGS[drawing](page)
    if suffix == "svg":
        return Response(svg, media_type="image/svg+xml")
    image = await work_on(request, lambda _graph: png(svg), what="drawing the network")
    return Response(image, media_type="image/png")


def _attachment(body: str, media: str, name: str) -> Response:
    return PlainTextResponse(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


def _suffix(fmt: CitationFormat) -> str:
    return {CitationFormat.RIS: "ris", CitationFormat.BIBTEX: "bib"}.get(fmt, "json")
