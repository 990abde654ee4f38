"""REST resources: studies, publications, claims and citations, as JSON (and citation
formats). Handlers parse input and call kg.records / kg.cite; no SPARQL is written here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kg import cite, records
from kg.api import media
from kg.api.deps import KnownParameters, work_on
from kg.api.errors import COMMON_ERRORS, NOT_ACCEPTABLE, NOT_FOUND
from kg.api.models import ClaimDetail, ClaimSummary, Publication, StudyDetail, StudyPage
from kg.errors import NotFoundError
from kg.evidence_graph import EvidenceGraph

router = APIRouter(
    dependencies=[KnownParameters], responses={**COMMON_ERRORS, **NOT_FOUND, **NOT_ACCEPTABLE}
)


@router.get(
    "/studies",
    response_model=StudyPage,
    tags=["studies"],
    summary="Studies, filtered by design, intervention, KL grade and year",
)
async def studies(
    request: Request,
    design: Annotated[str | None, Query(description="design id or synonym, e.g. rct")] = None,
    intervention: Annotated[str | None, Query(description="e.g. msc, marrow, prp")] = None,
    kl_grade: Annotated[str | None, Query(description="e.g. 3, KL III")] = None,
    year: Annotated[int | None, Query(description="publication year")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict:
    return await work_on(
        request,
        records.list_studies,
        design=design,
        intervention=intervention,
        kl_grade=kl_grade,
        year=year,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/studies/{study_id}",
    response_model=StudyDetail,
    tags=["studies"],
    summary="One study with its arms, population, results, findings and publications",
)
async def study(study_id: str, request: Request) -> dict:
    return await work_on(request, records.get_study, study_id)


@router.get(
    "/publications/{publication_id}",
    response_model=Publication,
    tags=["publications"],
    summary="A publication's verified record",
)
async def publication(publication_id: str, request: Request) -> dict:
    return await work_on(request, records.get_publication, publication_id)


@router.get(
    "/claims",
    response_model=list[ClaimSummary],
    tags=["claims"],
    summary="Claims of the documents, optionally by assessment",
)
async def claims(
    request: Request,
    assessment: Annotated[
        str | None, Query(description="supported, contradicted, mixed, insufficient")
    ] = None,
) -> list[dict]:
    return await work_on(request, records.list_claims, assessment=assessment)


@router.get(
    "/claims/{document}/{claim_id}",
    response_model=ClaimDetail,
    tags=["claims"],
    summary="A claim with every piece of evidence, its stance, reason and citations",
)
async def claim(document: str, claim_id: str, request: Request) -> dict:
    found = await work_on(request, records.get_claim, document, claim_id)
    if found is None:
        raise NotFoundError(f"no claim {document}/{claim_id}; see GET /claims")
    return found


_CITATION_MEDIA = sorted({*cite.FORMATS.values(), *media.CITATION_ALIASES})


@router.get(
    "/citations/{publication_id:path}",
    tags=["publications"],
    summary="A publication's citation: BibTeX, RIS, CSL-JSON, or an APA or Vancouver reference",
    description="The id is a publication id (`mautner-2023-nat-med`), its IRI, or its DOI: bare "
    "(`/citations/10.1038/s41591-023-02632-w`), `doi:...` or `https://doi.org/...`, in any "
    "letter case. `format` chooses the output; without it the Accept header does "
    "(`application/x-bibtex`, `application/x-research-info-systems`, "
    "`application/vnd.citationstyles.csl+json`, `text/plain`, or "
    "`text/x-bibliography; style=apa`), and the default is `text`, the Vancouver reference. "
    "APA and Vancouver are formatted by citeproc-py with the CSL styles shipped in kg/styles.",
    response_class=Response,
    responses={
        200: {"content": {m: {"schema": {"type": "string"}} for m in _CITATION_MEDIA}},
        404: {"description": "No publication has this id, IRI or DOI; the nearest are named"},
        406: {"description": "Accept names no offered format; the offered ones are listed"},
        422: {"description": "Unknown format; the valid ones are listed"},
    },
)
async def citation(
    publication_id: str,
    request: Request,
    format: Annotated[
        cite.CitationFormat | None,
        Query(description="output format; wins over Accept (text is Vancouver)"),
    ] = None,
) -> Response:
    fmt, media_type = media.choose_citation(request.headers.get("accept"), format)
    text = await work_on(request, _citation, publication_id, fmt)
    return Response(text, media_type=media_type, headers={"Vary": "Accept"})


def _citation(graph: EvidenceGraph, publication_id: str, fmt: str) -> str:
    return graph.reference(publication_id, fmt)
